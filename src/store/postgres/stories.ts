// Persistent stories on PostgreSQL, with the rules of stories/incremental.ts applied as SqliteStories applies them
// (sqlite/stories.ts): the `stories` table holds each story's centroid and days, `documents.story_id` the story each
// document joined, `story_terms` the documents per term for the idf. Candidates are found in memory, in a StoryIndex
// of the stories around the days being written, loaded once per day, so storing a document costs a few map lookups.
//
// That cache belongs to the store (document_state.store_id), shared by every PostgresDocumentStore of this process
// on it (atomically() makes one per transaction), and is only trusted while the store's version is the one this
// process last saw or wrote: any other process's add or delete, or a rollback of this one's, changes the version,
// and the cache starts over. Writers hold the document_state row lock (documents.ts), so no other process writes
// while a transaction assigns stories; within this process, `exclusive` keeps two calls of one transaction apart.
//
// Differences from SQLite, same assignments: term counts are written with every transaction (SQLite gathers them in
// memory for 500 documents, and loses them with the process), so the idf is the same in every process.
import { createHash } from 'node:crypto';
import { dayOf, storyTerms } from '../../stories/cluster.js';
import { documentTf, joined, started, storeIdf, StoryIndex, STORY_RULES, type StoryState } from '../../stories/incremental.js';
import type { Db } from './db.js';
import { STORY_COLUMNS, toStoryState, type StoryRow } from '../rows.js';

type Idf = (term: string) => number;

/** Stories indexed before the cache starts over (as SQLite's MAX_CACHED). */
const MAX_CACHED = 100_000;
/** Term frequencies held before that cache starts over (at the next transaction). */
const MAX_FREQUENCIES = 200_000;
/** Stored stories kept whole (their centroid's text), so that joining one rarely reads it back. */
const MAX_ROWS = 10_000;
/** Stores (databases, schemas) whose caches a process keeps. */
const MAX_STORES = 8;
/** Longest term counted under its own text (a btree key must fit in a page): longer ones under their hash. */
const MAX_KEY_BYTES = 1000;

export function termKey(term: string): string {
  return Buffer.byteLength(term) <= MAX_KEY_BYTES ? term : `#${createHash('sha256').update(term).digest('hex')}`;
}

/** What a process remembers of one store's stories (see the top of this file). */
export class StoryCache {
  readonly index = new StoryIndex();
  /** Whole days for which every story that could take a document of that day is indexed. */
  readonly loadedDays = new Set<number>();
  undatedLoaded = false;
  /** story_terms as of `version`. */
  readonly frequencies = new Map<string, number>();
  /** Stored stories by id, least recently used first. */
  readonly rows = new Map<string, StoryRow>();
  /** The store's version this cache describes (undefined: nothing yet). */
  version: string | undefined;
  private turn: Promise<unknown> = Promise.resolve();

  /** Runs `work` after the previous call's work (a transaction's calls made without awaiting each other). */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.turn.then(work, work);
    this.turn = run.catch(() => {});
    return run;
  }

  /** Forgets everything, e.g. when the store changed under it. */
  forget(): void {
    this.index.clear();
    this.loadedDays.clear();
    this.undatedLoaded = false;
    this.frequencies.clear();
    this.rows.clear();
    this.version = undefined;
  }

  /** Call with the store's version, read under the writers' lock, before using the cache in that transaction. */
  begin(version: string): void {
    if (version !== this.version) this.forget();
    else if (this.frequencies.size > MAX_FREQUENCIES) this.frequencies.clear();
    this.version = version;
  }

  remember(row: StoryRow): void {
    this.rows.delete(row.id);
    this.rows.set(row.id, row);
    if (this.rows.size > MAX_ROWS) this.rows.delete(this.rows.keys().next().value!);
  }
}

/** The story caches of a process, one per store (document_state.store_id), the most recently used kept. */
export class StoryCaches {
  private readonly caches = new Map<string, StoryCache>();

  of(storeId: string): StoryCache {
    let cache = this.caches.get(storeId);
    if (cache) this.caches.delete(storeId);
    else cache = new StoryCache();
    this.caches.set(storeId, cache);
    if (this.caches.size > MAX_STORES) this.caches.delete(this.caches.keys().next().value!);
    return cache;
  }
}

/** This process's: every PostgresDocumentStore of a store shares one cache (tests give another to stand for another process). */
export const PROCESS_STORY_CACHES = new StoryCaches();

/** One transaction's story assignments (SqliteStories between begin() and flush()). */
export class StoryWriter {
  /** Stories changed by this transaction, written once each by flush(). */
  private readonly dirty = new Map<string, StoryState>();
  /** Term counts of this transaction's documents, written by flush(). */
  private readonly pending = new Map<string, number>();
  private pendingDocuments = 0;

  /** `counted`: document_state.story_documents, read under the writers' lock. */
  constructor(private readonly db: Db, private readonly cache: StoryCache, private readonly counted: number, private readonly maxCached = MAX_CACHED) {}

  /** Documents counted by flush(). */
  get documents(): number {
    return this.pendingDocuments;
  }

  /** Reads the counts of `terms` the cache lacks. */
  async need(terms: Iterable<string>): Promise<void> {
    const missing = [...new Set(terms)].filter((t) => !this.cache.frequencies.has(t));
    if (missing.length === 0) return;
    const keys = missing.map(termKey);
    const { rows } = await this.db.query<{ term: string; documents: string }>('SELECT term, documents FROM story_terms WHERE term = ANY($1::text[])', [keys]);
    const found = new Map(rows.map((r) => [r.term, Number(r.documents)]));
    missing.forEach((t, i) => this.cache.frequencies.set(t, found.get(keys[i]!) ?? 0));
  }

  private frequency(term: string): number {
    const n = this.cache.frequencies.get(term);
    if (n === undefined) throw new Error(`story term count not read: ${term}`);
    return n;
  }

  /**
   * The story a new document joins (as SqliteStories.assign; written by flush()). The terms of the document must
   * have been read by need() (the caller reads a batch's at once).
   */
  async assign(documentId: string, title: string, titleOrigin: Parameters<typeof storyTerms>[1], textTerms: readonly string[], publishedAt: string | undefined, ingestedAt: string): Promise<string> {
    const day = dayOf(publishedAt);
    // as SQLite: the total before this document, the counts with it
    const idf = storeIdf((t) => this.frequency(t) + (this.pending.get(t) ?? 0), this.counted + this.pendingDocuments);
    const tf = documentTf(storyTerms(title, titleOrigin, textTerms));
    await this.need(tf.keys());
    for (const term of tf.keys()) this.pending.set(term, (this.pending.get(term) ?? 0) + 1);
    this.pendingDocuments++;
    await this.ensureLoaded(day ?? dayOf(ingestedAt)!, idf);
    const found = this.cache.index.best(tf, day, idf);
    const full = found && (this.dirty.get(found.id) ?? (await this.stored(found.id)));
    const story = full ? joined(full, tf, day, idf) : started(`s_${documentId.replace(/^d_/, '')}`, tf, day, idf);
    this.dirty.set(story.id, story);
    this.cache.index.put(story, idf);
    return story.id;
  }

  /** Writes the stories assign() changed and the term counts; call before the transaction ends. */
  async flush(): Promise<void> {
    const stories = [...this.dirty.values()].map((s): StoryRow => ({
      id: s.id, first_day: s.firstDay ?? null, last_day: s.lastDay ?? null, size: s.size, centroid: JSON.stringify([...s.sum]),
    }));
    if (stories.length > 0) {
      await this.db.query(
        `INSERT INTO stories (id, first_day, last_day, size, centroid)
         SELECT id, first_day, last_day, size, centroid FROM unnest($1::text[], $2::float8[], $3::float8[], $4::int[], $5::text[]) WITH ORDINALITY
           AS u(id, first_day, last_day, size, centroid, ord) ORDER BY ord
         ON CONFLICT (id) DO UPDATE SET first_day = excluded.first_day, last_day = excluded.last_day, size = excluded.size, centroid = excluded.centroid`,
        [stories.map((s) => s.id), stories.map((s) => s.first_day), stories.map((s) => s.last_day), stories.map((s) => s.size), stories.map((s) => s.centroid)],
      );
    }
    if (this.pending.size > 0) {
      // one row per key, in key order (writers take turns anyway; one order keeps them apart without it)
      const byKey = new Map<string, number>();
      for (const [t, n] of this.pending) byKey.set(termKey(t), (byKey.get(termKey(t)) ?? 0) + n);
      const keys = [...byKey.keys()].sort(byBytes);
      await this.db.query(
        `INSERT INTO story_terms (term, documents) SELECT * FROM unnest($1::text[], $2::bigint[]) ORDER BY 1
         ON CONFLICT (term) DO UPDATE SET documents = story_terms.documents + excluded.documents`,
        [keys, keys.map((k) => byKey.get(k)!)],
      );
    }
    // the cache now describes what this transaction wrote (documents.ts moves its version on)
    for (const [t, n] of this.pending) this.cache.frequencies.set(t, this.frequency(t) + n);
    for (const row of stories) this.cache.remember(row);
    this.dirty.clear();
    this.pending.clear();
  }

  /** Loads the stories a document of `day` could join, unless its whole day was loaded before. */
  private async ensureLoaded(day: number, idf: Idf): Promise<void> {
    const whole = Math.floor(day);
    const cache = this.cache;
    if (cache.loadedDays.has(whole)) return;
    if (cache.index.size > this.maxCached) this.forgetStories(idf);
    if (!cache.undatedLoaded) {
      await this.load(`SELECT ${STORY_COLUMNS} FROM stories WHERE last_day IS NULL ORDER BY seq`, [], idf);
      cache.undatedLoaded = true;
    }
    // a story can take a document of day x when it ends at or after x − w and starts at or before x + w
    const w = STORY_RULES.maxDaysApart;
    await this.load(`SELECT ${STORY_COLUMNS} FROM stories WHERE last_day >= $1 AND first_day <= $2 ORDER BY last_day, seq`, [whole - w, whole + 1 + w], idf);
    cache.loadedDays.add(whole);
  }

  /** Indexes stored stories, unless a newer state of one is indexed. */
  private async load(sql: string, values: unknown[], idf: Idf): Promise<void> {
    const { rows } = await this.db.query<StoryRow>(sql, values);
    const fresh = rows.filter((r) => !this.cache.index.has(r.id));
    const states = fresh.map(toStoryState);
    await this.need(states.flatMap((s) => [...s.sum.keys()]));
    fresh.forEach((r, i) => {
      this.cache.index.put(states[i]!, idf);
      this.cache.remember(r);
    });
  }

  /** Forgets the indexed stories (the cache is full); this transaction's, not written yet, go back in. */
  private forgetStories(idf: Idf): void {
    this.cache.index.clear();
    this.cache.loadedDays.clear();
    this.cache.undatedLoaded = false;
    for (const story of this.dirty.values()) this.cache.index.put(story, idf);
  }

  /** A story as stored (the index keeps no sums), with its terms' counts read. */
  private async stored(id: string): Promise<StoryState | undefined> {
    let row = this.cache.rows.get(id);
    if (!row) {
      row = (await this.db.query<StoryRow>(`SELECT ${STORY_COLUMNS} FROM stories WHERE id = $1`, [id])).rows[0];
      if (!row) return undefined;
      this.cache.remember(row);
    }
    const state = toStoryState(row);
    await this.need(state.sum.keys());
    return state;
  }
}

/** Deletes the given stories that no document belongs to any more (after documents were deleted). */
export async function dropEmptyStories(db: Db, cache: StoryCache, storyIds: readonly string[]): Promise<void> {
  if (storyIds.length === 0) return;
  const { rows } = await db.query<{ id: string }>(
    'DELETE FROM stories s WHERE s.id = ANY($1::text[]) AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.story_id = s.id) RETURNING s.id',
    [[...new Set(storyIds)]],
  );
  for (const { id } of rows) {
    cache.index.delete(id);
    cache.rows.delete(id);
  }
}

export function byBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
