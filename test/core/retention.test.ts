// Retention through the app: bot.prune (RETENTION_DAYS), the background task, and what still works once the
// documents a digest, a vote or a feed item refer to have been dropped.
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type BriefBot } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Answer, NewDocument } from '../../src/domain.js';
import { createLogger } from '../../src/log.js';
import { startRetention } from '../../src/retention.js';
import type { FetchedText } from '../../src/sources/fetcher.js';
import { openSqliteStorage } from '../../src/store/sqlite/index.js';
import { testApp, type TestApp } from '../helpers/bot.js';
import { articleHtml, rss } from '../sources/feed-server.js';

const DAY = 24 * 3600_000;
const START = new Date('2026-03-01T09:00:00Z');
const article = (source: string, title: string, text: string): NewDocument => ({ source, title, titleOrigin: 'metadata', lang: 'en', text });
const HARBOUR = article('Coast News', 'Harbour reopens after repairs',
  'The harbour of Port Ellen reopened on Tuesday after two months of repairs costing 4 million pounds. Ferries resumed their timetable, the council said.');
const BRIDGE = article('Clyde Times', 'Bridge approved',
  'The council approved a new bridge over the river Clyde on Monday by seven votes to two. Construction is due to start in the spring.');
/** `n` distinct filler articles of five sentences each. */
const bulletins = (n: number): NewDocument[] =>
  Array.from({ length: n }, (_, i) => article('Wire', `Bulletin ${i}`,
    `Bulletin ${i} reports the weather in district ${i}. Rain fell on ${i % 7} farms overnight. The market in town ${i} opened late. `
    + `Trains on line ${i % 13} ran on time. Officials in district ${i} expect a dry week.`));

let app: TestApp | undefined;
let clock: Date;
afterEach(() => app?.bot.close());
async function start(env: Record<string, string> = { RETENTION_DAYS: '30' }): Promise<TestApp> {
  clock = START;
  app = await testApp({ seeds: [], now: () => clock, env });
  return app;
}

describe('bot.prune', () => {
  it('drops what was ingested more than RETENTION_DAYS ago, keeps the rest, and says so', async () => {
    const { bot, storage } = await start();
    await storage.documents.add([HARBOUR]);
    clock = new Date(START.getTime() + 20 * DAY);
    await storage.documents.add([BRIDGE]);
    clock = new Date(START.getTime() + 35 * DAY);
    const report = await bot.prune();
    expect(report).toMatchObject({ before: new Date(START.getTime() + 5 * DAY).toISOString(), dropped: 1, batches: 1, complete: true });
    expect(await bot.documentCount()).toBe(1);
    expect((await bot.answer('How much did the harbour repairs cost?')).status).toBe('not_found');
    expect((await bot.answer('When will construction of the bridge start?')).citations[0]?.source).toBe('Clyde Times');
    expect(await bot.prune({ days: 10 })).toMatchObject({ dropped: 1, batches: 1 });
    expect(await bot.prune({ days: 10 })).toMatchObject({ dropped: 0, batches: 0, complete: true });
  });

  it('without RETENTION_DAYS or days keeps everything: a UserError says how to prune', async () => {
    const { bot } = await start({});
    await expect(bot.prune()).rejects.toMatchObject({ name: 'UserError', code: 'CONFIG', message: expect.stringMatching(/RETENTION_DAYS is not set/) });
    await expect(bot.prune({ days: 0 })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
  });

  it('a question asked while a prune runs in batches is answered between two batches, not after the last', async () => {
    const { bot, storage } = await start();
    await storage.documents.add(bulletins(1200));
    clock = new Date(START.getTime() + 40 * DAY);
    await storage.documents.add([HARBOUR]);
    const batches: number[] = [];
    let asked: Promise<Answer> | undefined;
    let answeredAfterBatch = -1;
    const report = await bot.prune({
      batchSize: 100,
      onBatch: (dropped, ms) => {
        batches.push(ms);
        // a chat message arriving during the first batch: its handler is queued and runs when the batch yields
        if (batches.length === 1) {
          setImmediate(() => {
            asked = bot.answer('How much did the repairs cost?');
            answeredAfterBatch = batches.length;
          });
        }
        expect(dropped).toBeLessThanOrEqual(100);
      },
    });
    expect(answeredAfterBatch).toBe(1);
    const answer = await asked!;
    expect(answer).toMatchObject({ status: 'answered', span: '4 million' });
    expect(report).toMatchObject({ dropped: 1200, batches: batches.length, complete: true });
    expect(batches.length).toBeGreaterThanOrEqual(12); // the store may cut a batch short to keep it brief
    expect(report.longestBatchMs).toBeGreaterThanOrEqual(Math.max(...batches));
    expect(await bot.documentCount()).toBe(1);
  });

  it('a digest thread whose documents were dropped still answers from its copy, and a vote on it is still recorded', async () => {
    const { bot, storage } = await start();
    await storage.documents.add([HARBOUR]);
    const digest = await bot.digests.preview({ platform: 'slack', channelId: 'C1' });
    expect(digest.stories).toHaveLength(1);
    await storage.posts.record('slack', 'C1', ['m1'], digest, clock);
    const answer = await bot.answer('How much did the repairs cost?', { conversation: { platform: 'slack', under: [{ channelId: 'C1', messageId: 'm1' }] } });
    const key = await bot.feedback.remember('slack', { kind: 'answer', answer });
    clock = new Date(START.getTime() + 40 * DAY);
    await storage.documents.add([BRIDGE]);
    expect((await bot.prune()).dropped).toBe(1);

    const under = { platform: 'slack' as const, under: [{ channelId: 'C1', messageId: 'm1' }] };
    const story = await bot.answer('tell me more about story 1', { conversation: under });
    expect(story.text).toMatch(/^Story 1: Harbour reopens after repairs \(Coast News\)/);
    expect(story.citations[0]).toMatchObject({ source: 'Coast News', documentId: digest.stories[0]!.documents[0]!.documentId });
    // other questions under it go on to the store, which no longer has the harbour
    expect((await bot.answer('How much did the repairs cost?', { conversation: under })).status).toBe('not_found');
    expect((await bot.answer('When will construction of the bridge start?', { conversation: under })).citations[0]?.source).toBe('Clyde Times');
    expect(await bot.feedback.vote('slack', key, { userId: 'U1' }, 'up')).toBe('recorded');
    expect((await storage.feedback.all())[0]).toMatchObject({ vote: 'up', citations: [expect.objectContaining({ source: 'Coast News' })] });
  });
});

describe('a feed item whose document was dropped', () => {
  let bot: BriefBot | undefined;
  afterEach(() => bot?.close());

  it('is not fetched or stored again while the feed still lists it', async () => {
    clock = START;
    const feed = rss('Coast News', [{ guid: 'h1', title: 'Harbour reopens', content: articleHtml(Array(4).fill(HARBOUR.text)) }]);
    const fetched: string[] = [];
    const fetch = async (url: string): Promise<FetchedText> => {
      fetched.push(url);
      return { url, status: 200, notModified: false, contentType: 'application/rss+xml', text: feed };
    };
    const config = loadConfig({ BRIEFBOT_DB: ':memory:', RETENTION_DAYS: '30' });
    bot = await createApp({ config, logger: createLogger('silent'), storage: openSqliteStorage(':memory:', () => clock), now: () => clock, fetch });
    expect((await bot.sources.add('https://coast.example/feed.xml', { origin: 'cli' })).poll).toMatchObject({ new: 1, stored: 1 });
    clock = new Date(START.getTime() + 40 * DAY);
    expect((await bot.prune()).dropped).toBe(1);
    const [again] = await bot.sources.pollAll();
    expect(again).toMatchObject({ status: 'ok', items: 1, new: 0, stored: 0 });
    expect(await bot.documentCount()).toBe(0);
    expect(fetched).toEqual(['https://coast.example/feed.xml', 'https://coast.example/feed.xml']); // the feed only, no page
  });
});

describe('startRetention (the running bot\'s hourly task)', () => {
  it('runs one prune at a time, and stop() ends a run between two batches', async () => {
    const { bot, storage, logger } = await start();
    await storage.documents.add(bulletins(300));
    clock = new Date(START.getTime() + 40 * DAY);
    const task = startRetention(bot, logger, { everyMs: 3_600_000, batchSize: 50, pauseMs: 1 });
    const first = task.run();
    expect(await task.run()).toBeUndefined(); // one is running
    const stopped = task.stop();
    const report = await first;
    await stopped;
    expect(report).toMatchObject({ complete: false });
    expect(report!.dropped).toBeGreaterThan(0);
    expect(report!.dropped).toBeLessThan(300);
    expect(await bot.documentCount()).toBe(300 - report!.dropped);
    expect(await task.run()).toBeUndefined(); // stopped for good
  });

  it('logs a failed run and lets the next one try again', async () => {
    const { logger } = await start();
    const errors: unknown[] = [];
    const spy = { ...logger, error: (obj: unknown) => void errors.push(obj), info: () => {} } as unknown as typeof logger;
    let calls = 0;
    const task = startRetention({ prune: async () => { if (++calls === 1) throw new Error('disk I/O error'); return { before: '', dropped: 0, batches: 0, compactSteps: 0, longestBatchMs: 0, ms: 0, complete: true }; } }, spy);
    expect(await task.run()).toBeUndefined();
    expect(errors).toEqual([{ err: expect.objectContaining({ message: 'disk I/O error' }) }]);
    expect(await task.run()).toMatchObject({ complete: true });
    await task.stop();
  });
});
