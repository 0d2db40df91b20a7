// The running bot's feed polling in a thread of its own: it polls a due source and stores its items on the bot's
// database, where the bot's own connection sees them, and it stops when told.
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { startPollingThread } from '../../src/work/feed-thread.js';
import { articleHtml, rss, startFeedServer } from '../sources/feed-server.js';
import { tempDb } from '../store/old-databases.js';

const HARBOUR = articleHtml([
  'The harbour of Port Ellen reopened on Tuesday after two months of repairs costing 4 million pounds.',
  'Ferries resumed their usual timetable on Wednesday morning, the island council said in a statement.',
  'Fishermen had complained for weeks that the closure cost them their best season in a decade.',
  'Harbour master Iain Campbell said the work had finished on time and slightly under its budget.',
]);

describe('the feed polling thread', () => {
  it("polls a due source into the bot's database and stops when told", async () => {
    const server = await startFeedServer();
    const env = { BRIEFBOT_DB: tempDb(), BRIEFBOT_SEEDS: '', FETCH_ALLOW_HOSTS: '127.0.0.1', LOG_LEVEL: 'silent' };
    const bot = await createApp({ config: loadConfig(env), logger: createLogger('silent') });
    try {
      server.set('/feed.xml', { body: rss('Coast News', [{ guid: 'h1', title: 'Harbour reopens after repairs', content: HARBOUR }]) });
      // followed, not fetched yet (as an OPML import leaves it): due at once
      expect(await bot.sources.importOpml([{ url: `${server.url}/feed.xml` }])).toEqual({ added: 1, already: 0 });
      const thread = startPollingThread(createLogger('silent'), async () => (await bot.sources.list()).length > 0, { ...process.env, ...env });
      for (let i = 0; i < 150 && (await bot.documentCount()) === 0; i++) await new Promise((r) => setTimeout(r, 100));
      expect(await bot.documentCount()).toBe(1);
      expect((await bot.brief()).stories[0]?.headline).toBe('Harbour reopens after repairs');
      await thread.stop();
      expect(server.requests.filter((r) => r.path === '/feed.xml')).toHaveLength(1);
    } finally {
      await bot.close();
      await server.close();
    }
  }, 30_000);

  it('is not started while the bot follows no source', async () => {
    let asked = 0;
    const thread = startPollingThread(createLogger('silent'), async () => (asked++, false), { ...process.env, BRIEFBOT_DB: tempDb() });
    expect(asked).toBe(1);
    const started = performance.now();
    await thread.stop();
    expect(performance.now() - started).toBeLessThan(100); // no thread to wait for
  });
});
