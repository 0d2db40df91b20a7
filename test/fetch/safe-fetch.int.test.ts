// Integration tests of safeFetch against real HTTP servers on 127.0.0.1 (port 0): schemes, the private-address rule
// at connection time and on every redirect hop, redirects, statuses, conditional GET, request headers, charsets and
// cancellation. Size limits, decompression and timeouts are in limits.int.test.ts. Hostile case first in each group.
import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { safeFetch } from '../../src/fetch/index.js';
import { closer, cp1251, failure, fakeDns, serve, testPolicy } from './helpers.js';

const servers = closer();
afterEach(async () => {
  vi.restoreAllMocks();
  await servers.closeAll();
});

const hello = () => serve((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('hello'));

describe('schemes and URL forms', () => {
  it.each(['file:///etc/passwd', 'ftp://127.0.0.1/x', 'data:text/plain,hi', 'javascript:alert(1)', 'gopher://127.0.0.1:70/', 'ws://127.0.0.1/', 'blob:http://x/1'])(
    'refuses %s, naming the URL and the reason',
    async (url) => {
      const e = await failure(safeFetch(url, testPolicy()));
      expect(e.code).toBe('FETCH_REFUSED');
      expect(e.message).toContain(url);
      expect(e.message).toMatch(/only http: and https:/);
    },
  );

  it('refuses what is not a URL, and a URL with a user name or password (never sent)', async () => {
    const s = servers.track(await hello());
    expect((await failure(safeFetch('not a url', testPolicy()))).code).toBe('FETCH_REFUSED');
    const e = await failure(safeFetch(`http://user:secret@127.0.0.1:${s.port}/`, testPolicy()));
    expect(e.code).toBe('FETCH_REFUSED');
    expect(e.message).toMatch(/user name or password/);
    expect(e.message).not.toContain('secret');
    expect(s.hits).toHaveLength(0);
  });

  it('fetches an http: URL', async () => {
    const s = servers.track(await hello());
    const got = await safeFetch(`${s.base}/feed`, testPolicy());
    expect(got).toMatchObject({ url: `${s.base}/feed`, status: 200, notModified: false, contentType: 'text/plain', text: 'hello' });
  });
});

describe('private addresses', () => {
  it.each([
    ['http://127.0.0.1:9/', '127.0.0.1'],
    ['http://127.0.0.2:9/', '127.0.0.2'],
    ['http://2130706433:9/', '127.0.0.1'], // decimal, normalised by the WHATWG URL parser
    ['http://0x7f.1:9/', '127.0.0.1'],
    ['http://[::1]:9/', '[::1]'],
    ['http://[::ffff:127.0.0.1]:9/', '[::ffff:7f00:1]'],
    ['http://0.0.0.0:9/', '0.0.0.0'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254'],
    ['http://10.0.0.1/', '10.0.0.1'],
    ['http://172.16.5.4/', '172.16.5.4'],
    ['http://192.168.1.1/', '192.168.1.1'],
    ['http://100.64.0.1/', '100.64.0.1'],
    ['http://[fe80::1]/', '[fe80::1]'],
    ['http://[fd00::1]/', '[fd00::1]'],
    ['http://224.0.0.1/', '224.0.0.1'],
  ])('refuses the literal %s before opening any connection', async (url, host) => {
    const connect = vi.spyOn(net.Socket.prototype, 'connect').mockImplementation(() => {
      throw new Error('a connection was attempted');
    });
    const e = await failure(safeFetch(url, testPolicy({ allowHosts: [] })));
    expect(e.code).toBe('FETCH_REFUSED');
    expect(e.message).toContain(host);
    expect(e.message).toMatch(/private address/);
    expect(e.message).toMatch(/FETCH_ALLOW_HOSTS/);
    expect(connect).not.toHaveBeenCalled();
  });

  it('refuses localhost (system resolver) and a made-up name resolving to 127.0.0.1, over http and https', async () => {
    const s = servers.track(await hello());
    const e = await failure(safeFetch(`http://localhost:${s.port}/`, testPolicy({ allowHosts: [] })));
    expect(e.code).toBe('FETCH_REFUSED');
    expect(e.message).toMatch(/localhost resolves to 127\.0\.0\.1, a private address \(loopback\).*FETCH_ALLOW_HOSTS/);
    const resolve = fakeDns({ 'rebind.test': ['127.0.0.1'] });
    for (const scheme of ['http', 'https']) {
      const r = await failure(safeFetch(`${scheme}://rebind.test:${s.port}/`, testPolicy({ allowHosts: [], resolve })));
      expect(r.code).toBe('FETCH_REFUSED');
      expect(r.message).toContain('rebind.test');
    }
    expect(s.hits).toHaveLength(0);
  });

  it('refuses a name when any one of its addresses is private', async () => {
    const pub = servers.track(await hello());
    // 127.0.0.2 plays a public address here (allowed by IP); 127.0.0.1 is the private one
    const resolve = fakeDns({ 'mixed.test': ['127.0.0.2', '127.0.0.1'] });
    const e = await failure(safeFetch(`http://mixed.test:${pub.port}/`, testPolicy({ allowHosts: ['127.0.0.2'], resolve })));
    expect(e.code).toBe('FETCH_REFUSED');
    expect(e.message).toContain('127.0.0.1');
    expect(pub.hits).toHaveLength(0);
  });

  it('checks the address it connects to, from one resolution per connection (DNS rebinding)', async () => {
    // 127.0.0.2 plays the public address; the internal service listens on 127.0.0.1 at the same port, so a fetcher
    // that checked one DNS answer and connected by another would reach it
    const pub = servers.track(await serve((_q, res) => res.end('public'), { host: '127.0.0.2' }));
    const internal = servers.track(await serve((_q, res) => res.end('internal secret'), { port: pub.port }));
    let n = 0;
    const resolve = fakeDns({ 'rebind.test': () => (n++ === 0 ? ['127.0.0.2'] : ['127.0.0.1']) });
    const policy = testPolicy({ allowHosts: ['127.0.0.2'], resolve });
    expect((await safeFetch(`http://rebind.test:${pub.port}/`, policy)).text).toBe('public');
    expect(resolve.calls).toEqual(['rebind.test']);
    const again = await failure(safeFetch(`http://rebind.test:${pub.port}/`, policy));
    expect(again.code).toBe('FETCH_REFUSED');
    expect(internal.hits).toHaveLength(0);
  });

  it('lifts the rule only for the host FETCH_ALLOW_HOSTS names', async () => {
    const s = servers.track(await hello());
    const resolve = fakeDns({ 'feed.test': ['127.0.0.1'], 'other.test': ['127.0.0.1'] });
    const policy = testPolicy({ allowHosts: ['feed.test'], resolve });
    expect((await failure(safeFetch(`http://other.test:${s.port}/`, policy))).code).toBe('FETCH_REFUSED');
    expect((await failure(safeFetch(`http://127.0.0.1:${s.port}/`, policy))).code).toBe('FETCH_REFUSED');
    expect((await safeFetch(`http://FEED.test:${s.port}/`, policy)).text).toBe('hello');
    expect((await safeFetch(`${s.base}/`, testPolicy({ allowHosts: ['127.0.0.0/8'] }))).text).toBe('hello');
  });
});

describe('redirects', () => {
  it('checks every hop: a redirect to a private host, by name or literal, is refused and never requested', async () => {
    const internal = servers.track(await hello());
    const resolve = fakeDns({ 'feed.test': ['127.0.0.1'], 'evil.test': ['127.0.0.1'] });
    const front = servers.track(
      await serve((req, res) => {
        const to = req.url === '/literal' ? `http://127.0.0.1:${internal.port}/secret` : `http://evil.test:${internal.port}/secret`;
        res.writeHead(302, { location: to }).end();
      }),
    );
    const policy = testPolicy({ allowHosts: ['feed.test'], resolve });
    for (const path of ['/literal', '/named']) {
      const e = await failure(safeFetch(`http://feed.test:${front.port}${path}`, policy));
      expect(e.code).toBe('FETCH_REFUSED');
      expect(e.message).toMatch(/private address/);
    }
    expect(internal.hits).toHaveLength(0);
  });

  it('refuses a redirect to another scheme', async () => {
    const s = servers.track(await serve((_q, res) => res.writeHead(301, { location: 'file:///etc/passwd' }).end()));
    const e = await failure(safeFetch(`${s.base}/`, testPolicy()));
    expect(e.code).toBe('FETCH_REFUSED');
    expect(e.message).toContain('file:///etc/passwd');
  });

  it('stops after maxRedirects, and on a loop; a redirect without Location fails', async () => {
    const s = servers.track(
      await serve((req, res) => {
        const m = /^\/hop\/(\d+)$/.exec(req.url ?? '');
        if (m) return void (Number(m[1]) > 0 ? res.writeHead(302, { location: `/hop/${Number(m[1]) - 1}` }).end() : res.end('landed'));
        if (req.url === '/a') return void res.writeHead(307, { location: '/b' }).end();
        if (req.url === '/b') return void res.writeHead(308, { location: '/a' }).end();
        res.writeHead(302).end();
      }),
    );
    const policy = testPolicy({ maxRedirects: 5 });
    const tooMany = await failure(safeFetch(`${s.base}/hop/6`, policy));
    expect(tooMany.code).toBe('FETCH_FAILED');
    expect(tooMany.message).toMatch(/more than 5 redirects/);
    const loop = await failure(safeFetch(`${s.base}/a`, policy));
    expect(loop.code).toBe('FETCH_FAILED');
    expect(loop.message).toMatch(/redirect loop/);
    expect((await failure(safeFetch(`${s.base}/none`, policy))).message).toMatch(/302 without a Location/);
    expect((await safeFetch(`${s.base}/hop/5`, policy)).text).toBe('landed');
  });

  it('follows 301, 302, 303, 307 and 308 with relative, absolute-path, query and scheme-relative Locations', async () => {
    const s = servers.track(
      await serve((req, res) => {
        const steps: Record<string, [number, string]> = {
          '/feeds/a/start': [301, 'next'],
          '/feeds/a/next': [302, '../b/third'],
          '/feeds/b/third': [303, '/root'],
          '/root': [307, '?page=2'],
          '/root?page=2': [308, `//127.0.0.1:${(req.socket.localPort ?? 0).toString()}/end`],
        };
        const step = steps[req.url ?? ''];
        if (step) return void res.writeHead(step[0], { location: step[1] }).end();
        res.end(`at ${req.url ?? ''}`);
      }),
    );
    const got = await safeFetch(`${s.base}/feeds/a/start`, testPolicy());
    expect(got).toMatchObject({ url: `${s.base}/end`, status: 200, text: 'at /end' });
    expect(s.hits.map((h) => h.url)).toEqual(['/feeds/a/start', '/feeds/a/next', '/feeds/b/third', '/root', '/root?page=2', '/end']);
  });
});

describe('statuses', () => {
  it.each([404, 410, 500, 503, 418])('fails on HTTP %i, saying the status', async (status) => {
    const s = servers.track(await serve((_q, res) => res.writeHead(status).end('error page')));
    const e = await failure(safeFetch(`${s.base}/x`, testPolicy()));
    expect(e.code).toBe('FETCH_FAILED');
    expect(e.message).toContain(`HTTP ${status}`);
    expect(e.message).toContain(`${s.base}/x`);
  });

  it('fails with FETCH_FAILED (not a raw socket error) when nothing listens, the name is unknown or TLS fails', async () => {
    const s = await hello();
    await s.close();
    const e = await failure(safeFetch(`${s.base}/`, testPolicy()));
    expect(e.code).toBe('FETCH_FAILED');
    expect(e.message).toMatch(/refused the connection/);
    const unknown = await failure(safeFetch('http://nowhere.test/', testPolicy({ resolve: fakeDns({}) })));
    expect(unknown.message).toMatch(/the host nowhere\.test was not found/);
    // https really goes through TLS (and the same guarded lookup): here the server speaks plain HTTP
    const plain = servers.track(await hello());
    const tls = await failure(safeFetch(`https://127.0.0.1:${plain.port}/`, testPolicy()));
    expect(tls.code).toBe('FETCH_FAILED');
    expect(tls.message).toMatch(/the secure \(TLS\) connection to 127\.0\.0\.1:\d+ failed/);
  });
});

describe('conditional GET', () => {
  it('refuses validators that would inject headers', async () => {
    const s = servers.track(await hello());
    const e = await failure(safeFetch(`${s.base}/`, testPolicy(), { etag: '"v1"\r\nX-Injected: 1' }));
    expect(e.code).toBe('FETCH_REFUSED');
    expect(s.hits).toHaveLength(0);
  });

  it('sends If-None-Match and If-Modified-Since; a 304 gives notModified with an empty body', async () => {
    const lastModified = 'Wed, 21 Oct 2015 07:28:00 GMT';
    const s = servers.track(
      await serve((req, res) => {
        if (req.headers['if-none-match'] === '"v1"' || req.headers['if-modified-since'] === lastModified) return void res.writeHead(304, { etag: '"v1"' }).end();
        res.writeHead(200, { etag: '"v1"', 'last-modified': lastModified }).end('<rss/>');
      }),
    );
    const first = await safeFetch(`${s.base}/feed`, testPolicy());
    expect(first).toMatchObject({ status: 200, notModified: false, etag: '"v1"', lastModified, text: '<rss/>' });
    expect(s.hits[0]?.headers['if-none-match']).toBeUndefined();
    const byEtag = await safeFetch(`${s.base}/feed`, testPolicy(), { etag: first.etag });
    expect(byEtag).toMatchObject({ status: 304, notModified: true, text: '', etag: '"v1"' });
    const byDate = await safeFetch(`${s.base}/feed`, testPolicy(), { lastModified });
    expect(byDate).toMatchObject({ status: 304, notModified: true, text: '' });
    expect(s.hits[2]?.headers['if-modified-since']).toBe(lastModified);
  });
});

describe('request headers and charsets', () => {
  it('sends the User-Agent and Accept-Encoding: gzip, deflate, br', async () => {
    const s = servers.track(await hello());
    await safeFetch(`${s.base}/`, testPolicy({ userAgent: 'briefbot-test/9' }));
    expect(s.hits[0]?.headers['user-agent']).toBe('briefbot-test/9');
    expect(s.hits[0]?.headers['accept-encoding']).toBe('gzip, deflate, br');
  });

  it('decodes windows-1251 and ISO-8859-1 by the header, and by the <meta> when the header has none', async () => {
    const ru = 'Новости дня: Ёлка';
    const s = servers.track(
      await serve((req, res) => {
        if (req.url === '/ru') return void res.writeHead(200, { 'content-type': 'Application/RSS+XML; charset=windows-1251' }).end(cp1251(`<t>${ru}</t>`));
        if (req.url === '/fr') return void res.writeHead(200, { 'content-type': 'text/html; charset=ISO-8859-1' }).end(Buffer.from('<p>déjà vu</p>', 'latin1'));
        res.writeHead(200, { 'content-type': 'text/html' }).end(cp1251(`<meta charset="windows-1251"><p>${ru}</p>`));
      }),
    );
    expect(await safeFetch(`${s.base}/ru`, testPolicy())).toMatchObject({ contentType: 'application/rss+xml', text: `<t>${ru}</t>` });
    expect((await safeFetch(`${s.base}/fr`, testPolicy())).text).toBe('<p>déjà vu</p>');
    expect((await safeFetch(`${s.base}/meta`, testPolicy())).text).toBe(`<meta charset="windows-1251"><p>${ru}</p>`);
  });
});

describe('cancellation', () => {
  it('the signal aborts a fetch the server never answers, and an aborted signal sends nothing', async () => {
    const s = servers.track(await serve(() => undefined));
    const ac = new AbortController();
    const started = Date.now();
    setTimeout(() => ac.abort(), 50);
    await expect(safeFetch(`${s.base}/`, testPolicy(), undefined, ac.signal)).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(1000);
    // while the body is being read
    const slow = servers.track(await serve((_q, res) => res.writeHead(200).write('<rss>')));
    const reading = new AbortController();
    setTimeout(() => reading.abort(), 50);
    await expect(safeFetch(`${slow.base}/`, testPolicy(), undefined, reading.signal)).rejects.toMatchObject({ name: 'AbortError' });
    const before = s.hits.length;
    await expect(safeFetch(`${s.base}/`, testPolicy(), undefined, AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
    expect(s.hits.length).toBe(before);
  });
});
