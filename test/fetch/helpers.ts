// Helpers for the fetch tests: windows-1251 bytes without an encoder library, HTTP(S) servers on 127.0.0.1 (or
// another loopback address), a test policy and a made-up DNS.
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { isIP, type AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { UserError } from '../../src/errors.js';
import { DEFAULT_FETCH_POLICY, type FetchPolicy, type Resolve } from '../../src/fetch/index.js';

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


export interface TestServer {
  /** http(s)://HOST:PORT (no trailing slash) */
  base: string;
  port: number;
  /** Every request the server received, in order. */
  hits: IncomingMessage[];
  close(): Promise<void>;
}

export interface ServeOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** Serve https with this key and certificate. */
  tls?: { key: Buffer; cert: Buffer };
}

/** An HTTP(S) server; `close()` also drops stalled connections. */
export async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void, options: ServeOptions = {}): Promise<TestServer> {
  const { host = '127.0.0.1', port = 0, tls } = options;
  const hits: IncomingMessage[] = [];
  const listener: RequestListener = (req, res) => {
    hits.push(req);
    handler(req, res);
  };
  const server = tls ? createHttpsServer(tls, listener) : createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    base: `${tls ? 'https' : 'http'}://${host}:${bound}`,
    port: bound,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Closes every server given, whatever happened in the test. */
export function closer(): { track<T extends TestServer>(s: T): T; closeAll(): Promise<void> } {
  const open: TestServer[] = [];
  return {
    track: (s) => (open.push(s), s),
    closeAll: async () => {
      await Promise.all(open.splice(0).map((s) => s.close()));
    },
  };
}

/** A policy for tests: the local servers allowed by IP, short timeouts. */
export function testPolicy(over: Partial<FetchPolicy> = {}): FetchPolicy {
  return { ...DEFAULT_FETCH_POLICY, allowHosts: ['127.0.0.1'], timeoutMs: 2000, ...over };
}

/** A made-up DNS: each name maps to a list of answers, or to a function giving the answers of each call. */
export function fakeDns(table: Record<string, readonly string[] | (() => readonly string[])>): Resolve & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (hostname: string) => {
    calls.push(hostname);
    const entry = table[hostname];
    const answers = typeof entry === 'function' ? entry() : entry;
    if (!answers) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
    return answers.map((address) => ({ address, family: isIP(address) === 6 ? (6 as const) : (4 as const) }));
  };
  return Object.assign(resolve, { calls });
}

/** The UserError a fetch fails with (fails the test if it succeeds or throws something else). */
export async function failure(p: Promise<unknown>): Promise<UserError> {
  const e: unknown = await p.then(
    () => new Error('the fetch succeeded'),
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(UserError);
  return e as UserError;
}
