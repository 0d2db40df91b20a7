// safeFetch over real TLS on 127.0.0.1: the https path, its timers, and redirects between http and https. The
// certificate is a throwaway one made with the openssl CLI; this file alone turns off certificate checks
// (NODE_TLS_REJECT_UNAUTHORIZED=0, restored after), as Node 20 has no other way to trust a test CA process-wide.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { safeFetch } from '../../src/fetch/index.js';
import { closer, fakeDns, serve, testPolicy } from './helpers.js';

const servers = closer();
let tls: { key: Buffer; cert: Buffer };
let dir: string;
const previous = process.env.NODE_TLS_REJECT_UNAUTHORIZED;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'briefbot-tls-'));
  const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
  tls = { key: readFileSync(key), cert: readFileSync(cert) };
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
});
afterAll(() => {
  if (previous === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
  else process.env.NODE_TLS_REJECT_UNAUTHORIZED = previous;
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => servers.closeAll());

const serveTls = async (handler: Parameters<typeof serve>[0]) => servers.track(await serve(handler, { tls }));

describe('https', () => {
  it('refuses an https name that resolves to a private address before any TLS', async () => {
    const s = await serveTls((_q, res) => res.end('secret'));
    const e: unknown = await safeFetch(`https://internal.test:${s.port}/`, testPolicy({ allowHosts: [], resolve: fakeDns({ 'internal.test': ['127.0.0.1'] }) })).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).code).toBe('FETCH_REFUSED');
  });

  it('fetches over TLS; the connect timer ends at connection, so a slow but steady body is not cut', async () => {
    const s = await serveTls((_q, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      let n = 0;
      const tick = setInterval(() => {
        if (res.destroyed || ++n >= 7) return void (clearInterval(tick), res.end('done'));
        res.write('.');
      }, 30);
    });
    const got = await safeFetch(`${s.base}/slow`, testPolicy({ timeoutMs: 150 }));
    expect(got).toMatchObject({ url: `${s.base}/slow`, status: 200, contentType: 'text/plain', text: '......done' });
  });

  it('follows https → http (a downgrade, allowed) and http → https redirects', async () => {
    const plain = servers.track(await serve((_q, res) => res.end('over http')));
    const secure = await serveTls((req, res) => (req.url === '/down' ? res.writeHead(301, { location: `${plain.base}/landed` }).end() : res.end('over https')));
    expect(await safeFetch(`${secure.base}/down`, testPolicy())).toMatchObject({ url: `${plain.base}/landed`, text: 'over http' });
    const up = servers.track(await serve((_q, res) => res.writeHead(308, { location: `${secure.base}/up` }).end()));
    expect(await safeFetch(`${up.base}/`, testPolicy())).toMatchObject({ url: `${secure.base}/up`, text: 'over https' });
  });
});
