// Body bytes to text for the safe fetcher: which charset (BOM, Content-Type, XML prolog, HTML <meta>, UTF-8) and
// decoding with Node's WHATWG TextDecoder (full ICU: windows-1251, ISO-8859-1, …). Never throws on a bad label.

/** How far into the body a <meta> charset is looked for. */
const META_SCAN_BYTES = 2048;

/** The media type (lower case, no parameters) and the charset parameter of a Content-Type header, when present. */
export function parseContentType(header: string | undefined): { type?: string; charset?: string } {
  if (!header) return {};
  const [head = '', ...params] = header.split(';');
  const out: { type?: string; charset?: string } = {};
  const type = head.trim().toLowerCase();
  if (/^[\w!#$&^.+-]+\/[\w!#$&^.+-]+$/.test(type)) out.type = type;
  for (const p of params) {
    const m = /^\s*charset\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s;]*))/i.exec(p);
    const value = (m?.[1] ?? m?.[2] ?? m?.[3] ?? '').trim();
    if (value) out.charset = value;
  }
  return out;
}

/** A decoder for a WHATWG encoding label, or undefined for a label Node does not know. */
function decoderFor(label: string | undefined): TextDecoder | undefined {
  if (!label) return undefined;
  try {
    return new TextDecoder(label.trim());
  } catch {
    return undefined;
  }
}

/** The encoding a byte-order mark announces. */
function bomEncoding(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return undefined;
}

/**
 * A label found inside the document (XML prolog, then <meta>). As in the HTML standard, a document that declares
 * UTF-16 there was just read as ASCII, so it is not UTF-16: such a declaration means UTF-8.
 */
function inDocumentLabel(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, META_SCAN_BYTES)).toString('latin1');
  const prolog = /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([^"'\s]+)["']/i.exec(head);
  const meta = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([^"'\s;/>]+)/i.exec(head);
  for (const label of [prolog?.[1], meta?.[1]]) {
    const decoder = decoderFor(label);
    if (decoder) return decoder.encoding.startsWith('utf-16') ? 'utf-8' : decoder.encoding;
  }
  return undefined;
}

/**
 * Decodes a response body. The charset comes from, in order: a byte-order mark (it wins over the header, as in the
 * WHATWG Encoding standard and browsers: a server's default charset is often wrong, a BOM never is), the Content-Type
 * charset, the XML prolog's encoding, a <meta charset> or <meta http-equiv="Content-Type"> in the first 2 KB, and UTF-8.
 * A label Node does not know is skipped (so at worst UTF-8); invalid bytes become U+FFFD.
 */
export function decodeBody(bytes: Uint8Array, headerCharset: string | undefined): string {
  const decoder =
    decoderFor(bomEncoding(bytes)) ?? decoderFor(headerCharset) ?? decoderFor(inDocumentLabel(bytes)) ?? new TextDecoder('utf-8');
  return decoder.decode(bytes);
}
