// Helpers for the fetch tests: windows-1251 bytes without an encoder library, and HTTP servers on 127.0.0.1.

/** windows-1251 bytes for Russian text (А..я are 0xC0..0xFF, ё 0xB8, Ё 0xA8; ASCII as is). */
export function cp1251(s: string): Buffer {
  return Buffer.from(
    [...s].map((ch) => {
      const c = ch.codePointAt(0) ?? 0;
      if (c < 0x80) return c;
      if (c >= 0x410 && c <= 0x44f) return c - 0x410 + 0xc0;
      if (c === 0x451) return 0xb8;
      if (c === 0x401) return 0xa8;
      throw new Error(`no windows-1251 byte for ${ch}`);
    }),
  );
}

