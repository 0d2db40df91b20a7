// Unit tests for how the safe fetcher turns body bytes into text: charset from the header, a BOM, the XML prolog,
// an HTML <meta> in the first 2 KB, else UTF-8; and the Content-Type media type.
import { describe, expect, it } from 'vitest';
import { decodeBody, parseContentType } from '../../src/fetch/charset.js';
import { cp1251 } from './helpers.js';

const RU = 'Привет, мир! Ёлка и ёж';
const FR = 'Café « déjà vu » — naïve façade, 12 °C, ©';

describe('parseContentType', () => {
  it('survives junk and odd spacing', () => {
    expect(parseContentType(undefined)).toEqual({});
    expect(parseContentType('')).toEqual({});
    expect(parseContentType(';;;')).toEqual({});
    expect(parseContentType('text/html; charset')).toEqual({ type: 'text/html' });
    expect(parseContentType('text/html;charset=')).toEqual({ type: 'text/html' });
  });
  it('gives the lower-case media type and the charset, quoted or not', () => {
    expect(parseContentType('Application/RSS+XML; Charset="Windows-1251"')).toEqual({ type: 'application/rss+xml', charset: 'Windows-1251' });
    expect(parseContentType('text/html; boundary=x;charset=iso-8859-1 ')).toEqual({ type: 'text/html', charset: 'iso-8859-1' });
    expect(parseContentType("text/xml; charset='utf-8'")).toEqual({ type: 'text/xml', charset: 'utf-8' });
  });
});

describe('decodeBody', () => {
  it('falls back to UTF-8 for an unknown charset label instead of throwing', () => {
    const bytes = Buffer.from('héllo ✓', 'utf8');
    expect(decodeBody(bytes, 'x-no-such-charset')).toBe('héllo ✓');
    expect(decodeBody(bytes, 'iso-2022-kr')).toBe('héllo ✓'); // WHATWG 'replacement': Node has no decoder for it
    expect(decodeBody(Buffer.from('<?xml version="1.0" encoding="klingon"?><a>é</a>'), undefined)).toBe('<?xml version="1.0" encoding="klingon"?><a>é</a>');
  });

  it('replaces invalid bytes instead of throwing', () => {
    expect(decodeBody(Buffer.from([0x61, 0xff, 0x62]), 'utf-8')).toBe('a\uFFFDb');
  });

  it('uses the charset of the Content-Type header: windows-1251 and ISO-8859-1', () => {
    expect(decodeBody(cp1251(RU), 'windows-1251')).toBe(RU);
    expect(decodeBody(cp1251(RU), 'cp1251')).toBe(RU);
    expect(decodeBody(Buffer.from(FR.replace('—', '-'), 'latin1'), 'ISO-8859-1')).toBe(FR.replace('—', '-'));
  });

  it('a BOM wins over the header (WHATWG decode), and is stripped', () => {
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(RU)]);
    expect(decodeBody(utf8, 'windows-1251')).toBe(RU);
    expect(decodeBody(utf8, undefined)).toBe(RU);
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(RU, 'utf16le')]);
    expect(decodeBody(le, undefined)).toBe(RU);
    const be = Buffer.from(RU, 'utf16le').swap16();
    expect(decodeBody(Buffer.concat([Buffer.from([0xfe, 0xff]), be]), undefined)).toBe(RU);
  });

  it('reads the encoding of the XML prolog when the header has none', () => {
    const xml = `<?xml version="1.0" encoding="windows-1251"?>\n<rss><title>${RU}</title></rss>`;
    expect(decodeBody(cp1251(xml), undefined)).toBe(xml);
    const single = `<?xml version='1.0' encoding='ISO-8859-1' standalone='yes'?><feed><title>${FR.replace('—', '-')}</title></feed>`;
    expect(decodeBody(Buffer.from(single, 'latin1'), undefined)).toBe(single);
  });

  it('the header wins over the XML prolog and the meta', () => {
    const xml = `<?xml version="1.0" encoding="windows-1251"?><t>${FR}</t>`;
    expect(decodeBody(Buffer.from(xml), 'utf-8')).toBe(xml);
  });

  it('reads <meta charset> and <meta http-equiv="Content-Type"> in the first 2 KB', () => {
    const a = `<!doctype html><html><head><meta charset="windows-1251"><title>${RU}</title>`;
    expect(decodeBody(cp1251(a), undefined)).toBe(a);
    const b = `<html><head><META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=windows-1251"></head><p>${RU}</p>`;
    expect(decodeBody(cp1251(b), undefined)).toBe(b);
    const c = `<html><head><meta content='text/html;charset=iso-8859-1' http-equiv='content-type'><p>${FR.replace('—', '-')}</p>`;
    expect(decodeBody(Buffer.from(c, 'latin1'), undefined)).toBe(c);
  });

  it('ignores a meta past the first 2 KB, and a meta that claims UTF-16 (it was read as ASCII)', () => {
    const late = `<html>${' '.repeat(2100)}<meta charset="windows-1251"><p>é</p>`;
    expect(decodeBody(Buffer.from(late), undefined)).toBe(late);
    const utf16 = '<meta charset="utf-16"><p>é</p>';
    expect(decodeBody(Buffer.from(utf16), undefined)).toBe(utf16);
  });

  it('defaults to UTF-8', () => {
    expect(decodeBody(Buffer.from(`<p>${RU} ${FR} 🙂</p>`), undefined)).toBe(`<p>${RU} ${FR} 🙂</p>`);
    expect(decodeBody(Buffer.alloc(0), undefined)).toBe('');
  });
});
