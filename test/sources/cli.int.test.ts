// `briefbot sources …` as a user runs it, against feeds served on 127.0.0.1.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliRunner } from '../helpers/cli.js';
import { articleHtml, rss, startFeedServer } from './feed-server.js';

const { dir, run } = cliRunner();

describe('briefbot sources', () => {
  it('add refuses a private address without FETCH_ALLOW_HOSTS; add, list, export, poll and remove work with it', async () => {
    const feeds = await startFeedServer();
    try {
      feeds.set('/feed.xml', { etag: '"v1"', body: rss('Coast News', [{ guid: 'h1', title: 'Harbour reopens', content: articleHtml(Array(8).fill('The harbour of Port Ellen reopened on Tuesday after two months of repairs.')) }]) });
      const url = `${feeds.url}/feed.xml`;
      const [refused, list0] = await Promise.all([run(['bin/cli.ts', 'sources', 'add', url]), run(['bin/cli.ts', 'sources', 'list'])]);
      expect(refused.code).toBe(2);
      expect(refused.err).toMatch(/^briefbot: Refused to fetch .*private address.*FETCH_ALLOW_HOSTS/);
      expect(list0.out).toMatch(/no sources/);

      const db = { BRIEFBOT_DB: join(dir, 'sources.db'), FETCH_ALLOW_HOSTS: '127.0.0.1', BRIEFBOT_SEEDS: '' };
      const added = await run(['bin/cli.ts', 'sources', 'add', url, '--name', 'The Coast'], undefined, db);
      expect(added.out).toBe(`following ${url}\nThe Coast: RSS feed, 1 item, 1 new\n`);
      const [list, opml, poll] = await Promise.all([
        run(['bin/cli.ts', 'sources', 'list', '--json'], undefined, db),
        run(['bin/cli.ts', 'sources', 'export'], undefined, db),
        run(['bin/cli.ts', 'sources', 'poll'], undefined, { ...db, PROGRESS_EVERY_SECONDS: '0' }),
      ]);
      expect(JSON.parse(list.out)).toMatchObject([{ id: 1, url, name: 'The Coast', itemsStored: 1, etag: '"v1"' }]);
      expect(opml.out).toContain(`<outline type="rss" text="The Coast" title="The Coast" xmlUrl="${url}"/>`);
      expect(poll.out).toBe('The Coast: not modified\n');
      expect(poll.err).toMatch(/^sources poll: 0\/1 sources \(0%\), 0 stored, .*\nsources poll: 1\/1 sources \(100%\), 0 stored, [\d.]+\/s, done in [\d.]+ s\n$/);
      const removed = await run(['bin/cli.ts', 'sources', 'remove', '1'], undefined, db);
      expect(removed.out).toBe('stopped following 1\n');
      const missing = await run(['bin/cli.ts', 'sources', 'remove', url], undefined, db);
      expect(missing.code).toBe(2);
      expect(missing.err).toMatch(/no source matches/);
    } finally {
      await feeds.close();
    }
  }, 90_000); // seven CLI processes, each loading the app through tsx
});
