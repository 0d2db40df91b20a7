// A database that goes away for a moment (a restart, a failover): the store's calls wait for it to come back
// (connecting is retried with backoff), the health check says it is unreachable meanwhile, and nothing is lost.
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openPostgresStorage } from '../../src/store/postgres/index.js';
import { openPostgresTestStorage, PG_SKIP, PG_URL } from '../helpers/postgres.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A TCP proxy to the test server that can drop every connection and refuse new ones, as a restarting server does. */
async function flakyProxy(): Promise<{ url: string; down(): void; up(): void; close(): Promise<void> }> {
  const target = new URL(PG_URL);
  const sockets = new Set<Socket>();
  let refusing = false;
  const server: Server = createServer((client) => {
    if (refusing) return void client.destroy();
    const upstream = connect(Number(target.port || 5432), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = new URL(PG_URL);
  url.host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: url.toString(),
    down() {
      refusing = true;
      for (const s of sockets) s.destroy();
    },
    up() {
      refusing = false;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe.skipIf(PG_SKIP !== undefined)('PostgreSQL going away and coming back', () => {
  it('a call made while the server is down is served once it is back; ping says unreachable meanwhile', async () => {
    const clock = new Date('2026-06-01T07:00:00.000Z');
    const owner = await openPostgresTestStorage(() => clock, 'flaky'); // the schema, dropped at the end
    cleanups.push(() => owner.close());
    const proxy = await flakyProxy();
    cleanups.push(() => proxy.close());
    const errors: Error[] = [];
    const storage = await openPostgresStorage({ url: proxy.url, schema: owner.schema, poolMax: 2, now: () => clock, onIdleError: (e) => errors.push(e) });
    cleanups.push(() => storage.close());
    const sub = { platform: 'slack' as const, channelId: 'C1', timeOfDay: '08:00', timezone: 'UTC', topic: '', weekdaysOnly: false, postWhenEmpty: false, origin: 'chat' as const };
    await storage.subscriptions.upsert(sub, clock);

    proxy.down();
    expect(await storage.ping()).toBe(false);
    // a write while it is down: it waits (connecting again with backoff) rather than failing at once
    const pending = storage.subscriptions.upsert({ ...sub, channelId: 'C2' }, clock);
    await new Promise((r) => setTimeout(r, 300));
    proxy.up();
    expect((await pending).channelId).toBe('C2');
    expect(await storage.ping()).toBe(true);
    expect((await storage.subscriptions.all()).map((s) => s.channelId)).toEqual(['C1', 'C2']);
  }, 30_000);

  it('a call fails with the connection error once the server stays away past the retries', async () => {
    const owner = await openPostgresTestStorage(() => new Date(), 'flaky');
    cleanups.push(() => owner.close());
    const proxy = await flakyProxy();
    cleanups.push(() => proxy.close());
    const storage = await openPostgresStorage({ url: proxy.url, schema: owner.schema, poolMax: 2, onIdleError: () => {} });
    cleanups.push(() => storage.close());
    proxy.down();
    const started = Date.now();
    await expect(storage.subscriptions.all()).rejects.toThrow();
    // 100 + 400 + 1600 + 3200 ms of backoff between five tries
    expect(Date.now() - started).toBeGreaterThanOrEqual(5000);
  }, 30_000);
});
