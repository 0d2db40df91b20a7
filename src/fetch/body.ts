// Reads a response body for the safe fetcher: undoes Content-Encoding (gzip, deflate, br) with node:zlib streams
// and counts bytes AFTER decompression, so a body over maxBytes (a gzip bomb, an endless stream) is cut off as
// soon as it passes the limit, never buffered whole. A declared Content-Length over the limit is refused unread.
import type { IncomingMessage } from 'node:http';
import { pipeline, type Readable, type Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { UserError } from '../errors.js';
import { fetchFailed } from './messages.js';

/** More stacked codings than this is not a real server. */
const MAX_CODINGS = 3;

const DECODERS: Record<string, () => Transform> = {
  gzip: () => createGunzip(),
  'x-gzip': () => createGunzip(),
  deflate: () => createInflate(), // RFC 9110's deflate is the zlib format
  br: () => createBrotliDecompress(),
};

/** The decoders for a Content-Encoding header, in the order to apply them (the reverse of the listed order). */
function decodersFor(url: URL, header: string | undefined): { name: string; make: () => Transform }[] {
  const codings = (header ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  if (codings.length > MAX_CODINGS) throw fetchFailed(url, `the body has ${codings.length} Content-Encodings stacked.`);
  return codings.reverse().map((name) => {
    const make = DECODERS[name];
    if (!make) throw fetchFailed(url, `unsupported Content-Encoding ${JSON.stringify(name)}.`);
    return { name, make };
  });
}

/**
 * The whole body of `res` (a 2xx), decoded, at most `maxBytes` long. `cutReason` gives the error the request was
 * cut with (a timeout, the abort signal), which wins over the stream error it caused.
 */
export async function readBody(res: IncomingMessage, url: URL, maxBytes: number, cutReason: () => Error | undefined): Promise<Buffer> {
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw fetchFailed(url, `the response declares ${declared} bytes, over the limit of ${maxBytes} (FETCH_MAX_BYTES).`);
  }
  const decoders = decodersFor(url, res.headers['content-encoding']);
  const streams = decoders.map((d) => d.make());
  const last = streams.at(-1);
  const decoding = last !== undefined;
  // pipeline passes errors along and destroys every stream when one fails or the loop below stops early
  if (decoding) pipeline([res, ...streams], () => undefined);
  const body: Readable = last ?? res;

  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) {
        const after = decoding ? ' after decompression' : '';
        throw fetchFailed(url, `the body is more than ${maxBytes} bytes${after}, the limit (FETCH_MAX_BYTES).`);
      }
      chunks.push(chunk);
    }
  } catch (e) {
    throw bodyError(e, url, decoders.map((d) => d.name), cutReason());
  } finally {
    body.destroy();
    res.destroy();
  }
  return Buffer.concat(chunks, total);
}

function bodyError(e: unknown, url: URL, codings: string[], cut: Error | undefined): Error {
  if (cut) return cut;
  if (e instanceof UserError) return e;
  const err = e as NodeJS.ErrnoException;
  // zlib's codes are Z_DATA_ERROR, Z_BUF_ERROR (cut short)…; brotli's ERR__ERROR_FORMAT_…
  if (typeof err.code === 'string' && /^(Z_|ERR__)/.test(err.code)) {
    return fetchFailed(url, `could not decompress the ${codings.join(', ')} body (${err.message}).`);
  }
  if (err.code === 'ECONNRESET') return fetchFailed(url, 'the connection closed before the whole body arrived.');
  return fetchFailed(url, `the connection broke while reading the body (${err.message ?? String(e)}).`);
}
