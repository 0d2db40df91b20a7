// What only the PostgreSQL DocumentStore promises beyond the contract suites (test/contracts/): the same ranking,
// scores, near copies and stories as the SQLite store on the same documents, and correctness when several processes
// (here: stores with their own pools and story caches on one schema) write at once. Needs the test server (see
// test/helpers/postgres.ts); BRIEFBOT_SKIP_PG=1 skips it explicitly.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { NewDocument } from '../../src/domain.js';
import type { DocumentStore } from '../../src/store/port.js';
import { PoolDb } from '../../src/store/postgres/db.js';
import { DOCUMENT_TABLES, SENTENCE_INDEX } from '../../src/store/postgres/documents-schema.js';
import { PostgresDocumentStore } from '../../src/store/postgres/documents.js';
import { rankedSql } from '../../src/store/postgres/fts.js';
import { StoryCaches } from '../../src/store/postgres/stories.js';
import { openSqliteStorage } from '../../src/store/sqlite/index.js';
import { terms } from '../../src/text/tokens.js';
import { PG_SKIP, PG_UNAVAILABLE, PG_URL } from '../helpers/postgres.js';
import { HARVEST, MOSCOW_A, MOSCOW_B, MOSCOW_C, SOCHI } from '../fixtures/stories.js';
import * as wire from '../fixtures/wire.js';

const skip = PG_SKIP !== undefined;
const REPO = join(import.meta.dirname, '..', '..');
/** The eval's SQuAD-like and news question sets (npm run eval), when present beside the repository. */
const EVAL_DIR = join(REPO, '..', 'shared', 'eval');

const pools: pg.Pool[] = [];
const schemas: string[] = [];

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.end()));
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    for (const s of schemas.splice(0)) await admin.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  } finally {
    await admin.end();
  }
});

/** A new schema with the documents tables; `open()` gives a store on it with its own pool and story cache (a process). */
async function newSchema(): Promise<{ open: (now: () => Date) => PostgresDocumentStore; pool: () => pg.Pool }> {
  if (PG_UNAVAILABLE !== undefined) throw new Error(PG_UNAVAILABLE);
  const schema = `t_${randomBytes(6).toString('hex')}`;
  schemas.push(schema);
  const pool = () => {
    const p = new pg.Pool({ connectionString: PG_URL, max: 4, options: `-c search_path=${schema}` });
    pools.push(p);
    return p;
  };
  const first = pool();
  await first.query(`CREATE SCHEMA ${schema}`);
  await first.query(DOCUMENT_TABLES);
  await first.query(SENTENCE_INDEX);
  return { open: (now) => new PostgresDocumentStore(new PoolDb(pool()), now, new StoryCaches()), pool };
}

const doc = (source: string, text: string, over: Partial<NewDocument> = {}): NewDocument => ({
  source, title: text.slice(0, 40), titleOrigin: 'first-sentence', lang: 'en', text, ...over,
});

/** Texts to compare the stores on: fixtures, seeds/, and the eval's contexts when they are there. */
function corpus(): NewDocument[] {
  const docs: NewDocument[] = [MOSCOW_A, MOSCOW_B, MOSCOW_C, HARVEST, SOCHI];
  docs.push(...[wire.WIRE, wire.COPY_A, wire.COPY_B, wire.OWN, wire.BOILERPLATE_ONE, wire.BOILERPLATE_TWO, wire.MARKET_MONDAY, wire.MARKET_TUESDAY]
    .map((text, i) => doc(`wire${i}`, text)));
  const seeds = join(REPO, 'seeds');
  for (const f of readdirSync(seeds).filter((n) => n.endsWith('.txt'))) docs.push(doc(f, readFileSync(join(seeds, f), 'utf8')));
  for (const file of ['qa-dev.json', 'news-qa-dev.json']) {
    if (!existsSync(join(EVAL_DIR, file))) continue;
    const items = JSON.parse(readFileSync(join(EVAL_DIR, file), 'utf8')) as { context: string }[];
    const contexts = [...new Set(items.map((q) => q.context.replace(/\s+/g, ' ').trim()))];
    docs.push(...contexts.map((text, i) => doc(`${file}:${i % 5}`, text, i % 3 ? { publishedAt: `2021-04-${String(1 + (i % 20)).padStart(2, '0')}` } : {})));
  }
  // a term FTS5 splits, written with and without its hyphen; a token longer than an index key
  docs.push(doc('split', 'Covid-19 cases rose. The covid 19 wards filled. Well-known doctors warned of COVID–19.'));
  // the phrase once though both its tokens repeat (19 covid … covid-19), then twice (ranking counts only where tokens repeat)
  docs.push(doc('repeats', 'By May 19 covid wards had opened for covid-19 patients. Covid-19 tests and covid-19 shots ran out.'));
  docs.push(doc('long', `A blob ${'qz'.repeat(1500)} was pasted into the text.`));
  return docs;
}

/** The questions of the eval sets (when there), single terms of every document, and every term FTS5 splits. */
function queries(docs: readonly NewDocument[]): string[][] {
  const out: string[][] = [terms('Geneva talks'), terms('covid-19 wards'), ['covid-19'], ['covid'], ['19'], terms('qz'.repeat(1500)), ['a"b', '*', '']];
  for (const file of ['qa-dev.json', 'news-qa-dev.json']) {
    if (!existsSync(join(EVAL_DIR, file))) continue;
    const items = JSON.parse(readFileSync(join(EVAL_DIR, file), 'utf8')) as { question: string }[];
    out.push(...items.map((q) => terms(q.question)));
  }
  const vocab = [...new Set(docs.flatMap((d) => terms(d.text)))];
  for (let i = 0; i < vocab.length; i += 13) out.push([vocab[i]!, vocab[(i * 7) % vocab.length]!]);
  out.push(...vocab.filter((t) => /[-.'’]/.test(t)).map((t) => [t]));
  return out;
}

/** Asserts both stores answer every query alike: hits in the same order with the same scores, documents, counts. */
async function expectSameSearch(a: DocumentStore, b: DocumentStore, qs: readonly string[][]): Promise<void> {
  for (const q of qs) {
    const [x, y] = await Promise.all([a.searchSentences(q, 40), b.searchSentences(q, 40)]);
    expect(x.map((h) => `${h.documentId}#${h.index}`), q.join(' ')).toEqual(y.map((h) => `${h.documentId}#${h.index}`));
    x.forEach((h, i) => expect(h.score, q.join(' ')).toBeCloseTo(y[i]!.score, 9));
    expect(await a.searchDocuments(q, 8), q.join(' ')).toEqual(await b.searchDocuments(q, 8));
    expect(await a.documentFrequency(q), q.join(' ')).toEqual(await b.documentFrequency(q));
  }
  expect([await a.count(), await a.sentenceCount()]).toEqual([await b.count(), await b.sentenceCount()]);
}

describe.skipIf(skip)(skip ? `PostgreSQL documents: skipped, ${PG_SKIP}` : 'PostgreSQL documents', () => {
  it('ranks, scores, links copies and assigns stories as the SQLite store does, also after retention drops documents', async () => {
    let clock = new Date('2021-04-09T06:00:00.000Z');
    const now = () => clock;
    const store = (await newSchema()).open(now);
    const sqlite = openSqliteStorage(':memory:', now);
    try {
      const docs = corpus();
      const size = Math.ceil(docs.length / 10);
      for (let i = 0; i < docs.length; i += size) {
        clock = new Date(Date.UTC(2021, 3, 9, i / size)); // ten batches, an hour apart
        const batch = docs.slice(i, i + size);
        expect(await store.add(batch)).toEqual(await sqlite.documents.add(batch));
      }
      const qs = queries(docs);
      await expectSameSearch(store, sqlite.documents, qs);
      expect(await store.recent({ limit: 1000 })).toEqual(await sqlite.documents.recent({ limit: 1000 }));
      expect(await store.ingestedBetween('2021-04-09T03:00:00.000Z', '2021-04-20', 1000)).toEqual(await sqlite.documents.ingestedBetween('2021-04-09T03:00:00.000Z', '2021-04-20', 1000));
      // FTS5 keeps the total rows and tokens of what it deleted in bm25's N and average length: so does the store
      const cut = new Date(Date.UTC(2021, 3, 9, 4)).toISOString();
      // (SQLite may stop a batch early, on time: both drop everything before the cut)
      const before = await store.count();
      while ((await store.deleteIngestedBefore(cut, 40)) > 0);
      while ((await sqlite.documents.deleteIngestedBefore(cut, 40)) > 0);
      expect(await store.count()).toBeLessThan(before);
      await expectSameSearch(store, sqlite.documents, qs);
    } finally {
      await sqlite.close();
    }
  }, 120_000);

  it('finds a term FTS5 splits (covid-19) as its phrase, written with or without the hyphen, and stores a token too long for an index key', async () => {
    const store = (await newSchema()).open(() => new Date('2026-03-01T00:00:00.000Z'));
    const blob = 'qz'.repeat(2500);
    const [a, b, long] = (await store.add([doc('A', 'Covid-19 cases rose in March.'), doc('B', 'The covid 19 wards filled up.'), doc('C', `A blob ${blob} here.`)])).added;
    expect(new Set((await store.searchSentences(['covid-19'], 10)).map((h) => h.documentId))).toEqual(new Set([a!.id, b!.id]));
    expect(terms(blob)[0]!.length).toBeGreaterThan(2046); // longer than PostgreSQL indexes a lexeme
    expect(await store.searchDocuments(terms(blob), 5)).toEqual([long!.id]);
    expect(await store.documentFrequency(terms(blob))).toEqual(new Map([[terms(blob)[0]!, 1]]));
    // as on SQLite, whose FTS5 vocabulary holds the parts (see DocumentStore.documentFrequency)
    expect(await store.documentFrequency(['covid-19', 'covid'])).toEqual(new Map([['covid-19', 0], ['covid', 2]]));
    expect(rankedSql([['covid', '19']])).not.toContain('covid');
  });

  it('stores a document once when two processes add it at once (same URL, or same text), and keeps the counters exact', async () => {
    const schema = await newSchema();
    const clock = () => new Date('2026-03-01T09:00:00.000Z');
    const [one, two] = [schema.open(clock), schema.open(clock)];
    const url = 'https://example.com/story';
    const results = await Promise.all([
      one.add([doc('One', 'The first wording of the story.', { url })]),
      two.add([doc('Two', 'A second wording of the story.', { url: `${url}?utm_source=x` })]),
      one.add([doc('One', 'Identical text under two addresses.', { url: 'https://a.example/x' })]),
      two.add([doc('Two', 'Identical text, under two addresses!', { url: 'https://b.example/y' })]),
    ]);
    expect(results.map((r) => r.added.length + r.duplicates.length)).toEqual([1, 1, 1, 1]);
    expect(results.slice(0, 2).flatMap((r) => r.added)).toHaveLength(1);
    expect(results.slice(2).flatMap((r) => r.added)).toHaveLength(1);
    expect([await one.count(), await two.count()]).toEqual([2, 2]);

    // many writers at once: no deadlock, and every counter agrees with a recount
    await Promise.all(Array.from({ length: 6 }, (_, w) => (w % 2 ? one : two).add(
      Array.from({ length: 15 }, (_, i) => doc(`W${w}`, `Writer ${w} filed report ${i} on the harbour strike and the ferry timetable.`)))));
    const check = await schema.pool().query<{ ok: boolean }>(`
      SELECT (SELECT documents FROM document_state) = (SELECT count(*) FROM documents)
         AND (SELECT sentences FROM document_state) = (SELECT count(*) FROM sentences)
         AND NOT EXISTS (
           (SELECT l.lexeme, count(*) FROM sentence_index s, unnest(s.terms) l GROUP BY l.lexeme)
           EXCEPT (SELECT term, sentences FROM sentence_terms))
         AND NOT EXISTS (
           (SELECT term, sentences FROM sentence_terms)
           EXCEPT (SELECT l.lexeme, count(*) FROM sentence_index s, unnest(s.terms) l GROUP BY l.lexeme)) AS ok`);
    expect(check.rows[0]!.ok).toBe(true);
    expect(await one.count()).toBe(92);
  });

  it('sees another process\'s writes: version() moves, and its stories are joined though this process had cached the day', async () => {
    const schema = await newSchema();
    const clock = () => new Date('2021-04-09T06:00:00.000Z');
    const [bot, cli] = [schema.open(clock), schema.open(clock)];
    await bot.add([HARVEST]); // the bot has now cached the stories of that day
    const v = await bot.version();
    const [a] = (await cli.add([MOSCOW_A])).added;
    expect(await bot.version()).not.toBe(v);
    const [b] = (await bot.add([MOSCOW_B])).added;
    expect(b!.storyId).toBe(a!.storyId);
    const [c] = (await cli.add([MOSCOW_C])).added;
    expect(c!.storyId).toBe(a!.storyId);
    const size = await schema.pool().query<{ size: number }>('SELECT size FROM stories WHERE id = $1', [a!.storyId]);
    expect(size.rows[0]?.size).toBe(3);
  });

  it('forgets a story an enclosing transaction started when that transaction rolls back (Storage.atomically)', async () => {
    const schema = await newSchema();
    const clock = () => new Date('2021-04-09T06:00:00.000Z');
    const db = new PoolDb(schema.pool());
    const caches = new StoryCaches();
    const store = new PostgresDocumentStore(db, clock, caches);
    await expect(db.transaction(async (tx) => {
      await new PostgresDocumentStore(tx, clock, caches).add([MOSCOW_A]);
      throw new Error('the rest of the work failed');
    })).rejects.toThrow('the rest of the work failed');
    expect(await store.count()).toBe(0);
    const [b] = (await store.add([MOSCOW_B])).added;
    expect(b!.storyId).toContain(b!.id.replace(/^d_/, ''));
    const [a] = (await store.add([MOSCOW_A])).added;
    expect(a!.storyId).toBe(b!.storyId);
  });
});
