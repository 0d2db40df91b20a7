// Integration tests of safeFetch's limits against real servers on 127.0.0.1: body size counted after decompression
// (gzip bombs, a lazily streamed 10 GB body, a declared Content-Length), decoding gzip/deflate/br, and the connect
// and idle timeouts (small timeouts, so no test waits long). Hostile case first in each group.
import { Readable, pipeline } from 'node:stream';
import { brotliCompressSync, constants, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { safeFetch } from '../../src/fetch/index.js';
import { closer, failure, serve, testPolicy } from './helpers.js';

const servers = closer();
afterEach(() => servers.closeAll());

const MB = 1024 * 1024;

/** Serves `body` with the given Content-Encoding (and a true Content-Length). */
const encoded = (encoding: string, body: Buffer) =>
  serve((_q, res) => res.writeHead(200, { 'content-encoding': encoding, 'content-length': body.length, 'content-type': 'text/plain' }).end(body));

describe('body size', () => {
  // 50 MB of zeros as 50 gzip members of 1 MB each (a valid multi-member gzip file): about 50 KB on the wire
  let gzipBomb: Buffer;
  let deflateBomb: Buffer;
  let brotliBomb: Buffer;
  beforeAll(() => {
    const oneMbGz = gzipSync(Buffer.alloc(MB));
    gzipBomb = Buffer.concat(Array.from({ length: 50 }, () => oneMbGz));
    deflateBomb = deflateSync(Buffer.alloc(8 * MB), { level: 1 });
    brotliBomb = brotliCompressSync(Buffer.alloc(8 * MB), { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } });
  });

  it('refuses a declared Content-Length over maxBytes before reading the body', async () => {
    const s = servers.track(await serve((_q, res) => res.writeHead(200, { 'content-length': 20 * MB }).flushHeaders()));
    const started = Date.now();
    const e = await failure(safeFetch(`${s.base}/big`, testPolicy({ maxBytes: MB, timeoutMs: 5000 })));
    expect(e.code).toBe('FETCH_FAILED');
    expect(e.message).toMatch(/declares 20971520 bytes.*1048576/);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('stops a lazily streamed 10 GB body at the limit, without reading the rest', async () => {
    let sent = 0;
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const s = servers.track(
      await serve((_q, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' }); // chunked: no Content-Length to refuse it by
        const tenGb = Readable.from(
          (function* () {
            for (let i = 0; i < (10 * 1024 * MB) / chunk.length; i++) {
              sent += chunk.length;
              yield chunk;
            }
          })(),
        );
        pipeline(tenGb, res, () => undefined);
      }),
    );
    const e = await failure(safeFetch(`${s.base}/huge`, testPolicy({ maxBytes: MB })));
    expect(e.code).toBe('FETCH_FAILED');
    expect(e.message).toMatch(/more than 1048576 bytes/);
    expect(sent).toBeLessThan(64 * MB); // what the kernel's socket buffers took, not 10 GB
  });

  it.each([
    ['gzip', () => gzipBomb],
    ['deflate', () => deflateBomb],
    ['br', () => brotliBomb],
  ])('stops a %s bomb at maxBytes counted after decompression', async (encoding, bomb) => {
    expect(bomb().length).toBeLessThan(MB); // small on the wire: only the decoded size can catch it
    const s = servers.track(await encoded(encoding, bomb()));
    const e = await failure(safeFetch(`${s.base}/bomb`, testPolicy({ maxBytes: MB })));
    expect(e.code).toBe('FETCH_FAILED');
    expect(e.message).toMatch(/more than 1048576 bytes after decompression/);
  });

  it('stops an endless gzip stream (100 GB of zeros, generated lazily) early', async () => {
    const member = gzipSync(Buffer.alloc(MB));
    let members = 0;
    const s = servers.track(
      await serve((_q, res) => {
        res.writeHead(200, { 'content-encoding': 'gzip' });
        const endless = Readable.from(
          (function* () {
            for (; members < 100 * 1024; members++) yield member;
          })(),
        );
        pipeline(endless, res, () => undefined);
      }),
    );
    const e = await failure(safeFetch(`${s.base}/endless`, testPolicy({ maxBytes: 2 * MB })));
    expect(e.message).toMatch(/after decompression/);
    expect(members).toBeLessThan(10 * 1024); // a few MB the socket buffers took: under a tenth of it was even sent
  });

  it('accepts a body of exactly maxBytes, decoded or not, and refuses one byte more', async () => {
    const exact = Buffer.alloc(1000, 0x62);
    const plain = servers.track(await serve((req, res) => res.end(req.url === '/over' ? Buffer.concat([exact, Buffer.from('!')]) : exact)));
    expect((await safeFetch(`${plain.base}/`, testPolicy({ maxBytes: 1000 }))).text).toHaveLength(1000);
    expect((await failure(safeFetch(`${plain.base}/over`, testPolicy({ maxBytes: 1000 })))).code).toBe('FETCH_FAILED');
    const gz = servers.track(await encoded('gzip', gzipSync(exact)));
    expect((await safeFetch(`${gz.base}/`, testPolicy({ maxBytes: 1000 }))).text).toHaveLength(1000);
  });
});

describe('decompression', () => {
  it('fails cleanly on a corrupt or cut-short body, or an unknown Content-Encoding', async () => {
    const short = servers.track(await serve((_q, res) => res.writeHead(200, { 'content-length': 100 }).end('only this')));
    expect((await failure(safeFetch(`${short.base}/`, testPolicy()))).message).toMatch(/closed before the whole body arrived/);
    const bad = servers.track(await encoded('gzip', Buffer.from('this is not gzip at all')));
    const e = await failure(safeFetch(`${bad.base}/`, testPolicy()));
    expect(e.code).toBe('FETCH_FAILED');
    expect(e.message).toMatch(/could not decompress the gzip body/);
    const odd = servers.track(await encoded('compress', Buffer.from('x')));
    expect((await failure(safeFetch(`${odd.base}/`, testPolicy()))).message).toMatch(/unsupported Content-Encoding "compress"/);
  });

  it('decodes gzip, x-gzip, deflate, br, identity and a stack of two', async () => {
    const text = 'Съешь же ещё этих мягких французских булок. '.repeat(200);
    const raw = Buffer.from(text);
    const cases: [string, Buffer][] = [
      ['gzip', gzipSync(raw)],
      ['x-gzip', gzipSync(raw)],
      ['deflate', deflateSync(raw)],
      ['br', brotliCompressSync(raw)],
      ['identity', raw],
      ['deflate, gzip', gzipSync(deflateSync(raw))],
    ];
    for (const [encoding, body] of cases) {
      const s = servers.track(await encoded(encoding, body));
      expect((await safeFetch(`${s.base}/`, testPolicy())).text, encoding).toBe(text);
    }
  });
});

describe('timeouts', () => {
  const quick = testPolicy({ timeoutMs: 150 });

  it.each([
    ['accepts the connection and never answers', () => undefined],
    ['sends headers, then stalls', (res: import('node:http').ServerResponse) => res.writeHead(200).flushHeaders()],
    ['sends part of the body, then stalls', (res: import('node:http').ServerResponse) => res.writeHead(200).write('<rss><item>')],
  ])('fails when the server %s', async (_what, behave) => {
    const s = servers.track(await serve((_q, res) => behave(res)));
    const started = Date.now();
    const e = await failure(safeFetch(`${s.base}/`, quick));
    const took = Date.now() - started;
    expect(e.code).toBe('FETCH_FAILED');
    expect(e.message).toMatch(/sent nothing for 150 ms.*FETCH_TIMEOUT_MS/);
    expect(took).toBeGreaterThanOrEqual(140);
    expect(took).toBeLessThan(1000);
  });

  it('fails when connecting takes too long (here: a resolver that never answers)', async () => {
    const resolve = () => new Promise<never>(() => undefined);
    const started = Date.now();
    const e = await failure(safeFetch('http://slow.test/', testPolicy({ timeoutMs: 150, resolve })));
    expect(e.code).toBe('FETCH_FAILED');
    expect(e.message).toMatch(/timed out after 150 ms connecting to slow\.test/);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('does not cut a slow but steady body: the timeout is for idleness, not the whole fetch', async () => {
    const s = servers.track(
      await serve((_q, res) => {
        res.writeHead(200);
        let n = 0;
        const tick = setInterval(() => {
          if (res.destroyed) return clearInterval(tick);
          if (++n < 6) return void res.write(`part ${n}\n`);
          clearInterval(tick);
          res.end('done');
        }, 30);
      }),
    );
    const started = Date.now();
    const got = await safeFetch(`${s.base}/`, testPolicy({ timeoutMs: 150 }));
    expect(got.text).toBe('part 1\npart 2\npart 3\npart 4\npart 5\ndone');
    expect(Date.now() - started).toBeGreaterThan(150);
  });
});
