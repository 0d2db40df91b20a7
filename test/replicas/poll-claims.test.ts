// Several processes polling the sources of one PostgreSQL database: each due source is fetched by one of them
// per interval (its poll is claimed first), whichever process ticks.
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { startSourcePolling } from '../../src/sources/poller.js';
import { SourceService } from '../../src/sources/service.js';
import { openPostgresStorage } from '../../src/store/postgres/index.js';
import { openPostgresTestStorage, PG_SKIP } from '../helpers/postgres.js';
import { rss } from '../sources/feed-server.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const PARAGRAPH = 'The harbour at Portree reopened on Tuesday after a month of repairs to the pier, the council said, and the first ferry of the season docked at noon with two hundred passengers on board.';

describe.skipIf(PG_SKIP !== undefined)('source polls across processes', () => {
  it('fetches each due source once when three pollers on one database tick together', async () => {
    let clock = new Date('2026-06-01T07:00:00.000Z');
    const first = await openPostgresTestStorage(() => clock, 'polls');
    cleanups.push(() => first.close());
    const fetched: string[] = [];
    const feeds = 6;
    for (let i = 0; i < feeds; i++) await first.sources.add({ url: `https://feed${i}.example/rss.xml`, origin: 'cli' }, clock);
    const pollers = await Promise.all([0, 1, 2].map(async () => {
      const storage = await openPostgresStorage({ url: first.url, schema: first.schema, poolMax: 3, now: () => clock });
      cleanups.push(() => storage.close());
      const service = new SourceService({
        storage, now: () => clock, logger: createLogger('silent'), intervalMinutes: 30, concurrency: 4, random: () => 0.5,
        fetch: async (url) => {
          fetched.push(url);
          await new Promise((r) => setTimeout(r, 20));
          const host = new URL(url).host;
          return { url, status: 200, notModified: false, contentType: 'application/rss+xml', text: rss(host, [{ guid: `${host}-1`, title: `News from ${host}`, content: `<p>${PARAGRAPH} (${host})</p>` }]) };
        },
      });
      return startSourcePolling(service, createLogger('silent'), { concurrency: 4, tickMs: 3_600_000, now: () => clock });
    }));
    cleanups.push(() => Promise.all(pollers.map((p) => p.stop())));
    await Promise.all(pollers.map((p) => p.tick()));
    expect(fetched.filter((u) => u.endsWith('rss.xml')).sort()).toEqual(Array.from({ length: feeds }, (_, i) => `https://feed${i}.example/rss.xml`));
    // not due again within the interval, whoever ticks
    clock = new Date(clock.getTime() + 10 * 60_000);
    await Promise.all(pollers.map((p) => p.tick()));
    expect(fetched.filter((u) => u.endsWith('rss.xml'))).toHaveLength(feeds);
    // the next interval: each once more
    clock = new Date(clock.getTime() + 60 * 60_000);
    await Promise.all(pollers.map((p) => p.tick()));
    expect(fetched.filter((u) => u.endsWith('rss.xml'))).toHaveLength(2 * feeds);
    expect(await first.documents.count()).toBe(feeds);
  }, 60_000);
});
