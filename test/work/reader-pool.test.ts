// Briefs and answers made in reader threads: the same as on the main thread, UserErrors kept, a full queue
// answered with "busy", and the running bot's app wired to them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type BriefBot } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { isUserError } from '../../src/errors.js';
import { createLogger } from '../../src/log.js';
import { openSqliteStorage } from '../../src/store/sqlite/index.js';
import { inlineReader, readerPool, type Reader } from '../../src/work/reader-pool.js';
import { tempDb } from '../store/old-databases.js';
import { listArticleFiles, readArticleFiles } from '../../src/ingest/files.js';
import { openPostgresTestStorage, PG_SKIP } from '../helpers/postgres.js';

const closing: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of closing.splice(0)) await close();
});

/** A seeded store in a file, and a pool of reader threads on it. */
async function seededFile(): Promise<string> {
  const dbPath = tempDb();
  const bot = await createApp({ config: loadConfig({ BRIEFBOT_DB: dbPath, BRIEFBOT_SEEDS: '' }), logger: createLogger('silent') });
  await bot.ingest(['seeds']);
  await bot.close();
  return dbPath;
}

function pool(dbPath: string, threads = 1, maxQueue = 10, briefMaxWaitMs?: number): Reader {
  const reader = readerPool({ dbPath, threads, maxQueue, ...(briefMaxWaitMs === undefined ? {} : { briefMaxWaitMs }) });
  closing.push(() => reader.close());
  return reader;
}

const briefTask = (topic?: string) => ({ kind: 'brief' as const, request: topic ? { topic } : {}, maxStories: 5, windowDocs: 400, now: '2026-11-26T00:00:00.000Z' });

describe('reader threads', () => {
  it('make the same brief and answer as the main thread', async () => {
    const dbPath = await seededFile();
    const storage = openSqliteStorage(dbPath);
    closing.push(() => storage.close());
    const inline = inlineReader(storage.documents);
    const threads = pool(dbPath);
    const answerTask = { kind: 'answer' as const, question: 'Who did Pashinyan meet in Moscow?', thread: [] };
    expect(await threads.run(briefTask())).toEqual(await inline.run(briefTask()));
    const answer = await threads.run(answerTask);
    expect(answer).toEqual(await inline.run(answerTask));
    expect(answer).toMatchObject({ status: 'answered' });
    // and the evidence a language model is given (LLM_BASE_URL), with the same extractive answer
    const evidenceTask = { kind: 'evidence' as const, question: 'Who did Pashinyan meet in Moscow?', thread: [] };
    const evidence = await threads.run(evidenceTask);
    expect(evidence).toEqual(await inline.run(evidenceTask));
    expect((evidence as { answer: unknown }).answer).toEqual(answer);
    expect((evidence as { passages: unknown[] }).passages.length).toBeGreaterThan(1);
  });

  it.skipIf(PG_SKIP !== undefined)('read a PostgreSQL store with pools of their own, and make the same brief and answer as the main thread', async () => {
    const storage = await openPostgresTestStorage(() => new Date('2026-11-25T00:00:00.000Z'), 'readers');
    closing.push(() => storage.close());
    await storage.documents.add(readArticleFiles(listArticleFiles(['seeds']).files).documents);
    const inline = inlineReader(storage.documents);
    const reader = readerPool({ dbPath: ':memory:', postgres: { url: storage.url, schema: storage.schema, poolMax: 2 }, threads: 1, maxQueue: 10 });
    closing.unshift(() => reader.close()); // before the schema is dropped
    const answerTask = { kind: 'answer' as const, question: 'Who did Pashinyan meet in Moscow?', thread: [] };
    expect(await reader.run(briefTask())).toEqual(await inline.run(briefTask()));
    const answer = await reader.run(answerTask);
    expect(answer).toEqual(await inline.run(answerTask));
    expect(answer).toMatchObject({ status: 'answered' });
  });

  it('refuse work past the queue with a BUSY UserError, and do the rest', async () => {
    const threads = pool(await seededFile(), 1, 2);
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => threads.run(briefTask(`topic ${i}`))));
    const busy = results.filter((r) => r.status === 'rejected');
    expect(busy.length).toBeGreaterThan(0);
    for (const r of busy) expect(isUserError(r.reason) && r.reason.code === 'BUSY').toBe(true);
    expect(results.filter((r) => r.status === 'fulfilled').length).toBeGreaterThanOrEqual(3); // 1 running + 2 queued
  });

  it('take questions before the briefs waiting ahead of them (however long they wait, here)', async () => {
    const threads = pool(await seededFile(), 1, 10, 60_000);
    const done: string[] = [];
    const briefs = [1, 2, 3, 4].map((i) => threads.run(briefTask(`topic ${i}`)).then(() => void done.push(`brief ${i}`)));
    const answer = threads.run({ kind: 'answer', question: 'Who met Putin?', thread: [] }).then(() => void done.push('answer'));
    await Promise.all([...briefs, answer]);
    expect(done.indexOf('answer')).toBeLessThan(done.indexOf('brief 4'));
    expect(done.indexOf('answer')).toBeLessThanOrEqual(1); // at most the brief already running went first
  });

  it('take a brief that has waited long enough before a question queued after it', async () => {
    const threads = pool(await seededFile(), 1, 10, 0);
    const done: string[] = [];
    const briefs = [1, 2, 3].map((i) => threads.run(briefTask(`topic ${i}`)).then(() => void done.push(`brief ${i}`)));
    const answer = threads.run({ kind: 'answer', question: 'Who met Putin?', thread: [] }).then(() => void done.push('answer'));
    await Promise.all([...briefs, answer]);
    expect(done.at(-1)).toBe('answer'); // every brief had waited long enough to go first
  });

  it('are what the running bot uses: its brief comes from a thread and the queue depth is exported', async () => {
    const dbPath = await seededFile();
    const config = loadConfig({ BRIEFBOT_DB: dbPath, BRIEFBOT_SEEDS: '', READER_THREADS: '1', BRIEF_CACHE_SECONDS: '0' });
    const bot: BriefBot = await createApp({ config, logger: createLogger('silent'), readers: true });
    closing.push(() => bot.close());
    const brief = await bot.brief();
    expect(brief.stories[0]?.documents).toHaveLength(2);
    expect((await bot.metrics()).text).toMatch(/^briefbot_queue_depth 0$/m);
    // a document stored by the bot's own connection is seen by the thread's next brief
    const dir = mkdtempSync(join(tmpdir(), 'briefbot-article-'));
    closing.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'harvest.md'), '---\ntitle: Wheat harvest breaks records in Kansas\nsource: Farm Daily\npublished: 2021-04-08\n---\nFarmers in Kansas brought in a record wheat harvest this year. Yields rose by a fifth after a wet spring.\n');
    expect((await bot.ingest([dir])).added).toBe(1);
    expect((await bot.brief()).stories.length).toBeGreaterThan(brief.stories.length);
  });
});
