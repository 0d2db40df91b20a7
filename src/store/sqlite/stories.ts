// Persistent stories on SQLite (stories/incremental.ts has the rules): the `stories` table holds each story's
// centroid and days, `documents.story_id` the story each document joined. Candidates are found in memory: the
// stories around the days being written are loaded once and indexed by their centroid terms, so storing a
// document costs a few map lookups however large the store is. The cache is dropped whenever another connection
// committed (PRAGMA data_version: a CLI `sources poll` beside the running bot) and after a rollback.
import type { Database, Statement, Transaction } from 'better-sqlite3';
import { dayOf, storyTerms } from '../../stories/cluster.js';
import {
  documentTf, joined, started, storeIdf, StoryIndex, STORY_RULES, type StoryState,
} from '../../stories/incremental.js';
import { splitSentences } from '../../text/sentences.js';
import { terms } from '../../text/tokens.js';
import { toStoryState, type StoryRow } from '../rows.js';

type Idf = (term: string) => number;

/** Stories held in memory before the cache starts over (a few days of a busy newsroom's stories fit many times). */
const MAX_CACHED = 100_000;
/** Documents whose term counts are gathered before they are written (see pendingTerms). */
const TERM_FLUSH_DOCS = 500;
/** Term frequencies held in memory before that cache starts over. */
const MAX_FREQUENCIES = 50_000;
/** Documents given a story per transaction by the backfill of a database made before stories were stored. */
const BACKFILL_BATCH = 500;

export class SqliteStories {
  private readonly stmts: Record<string, Statement>;
  private readonly index = new StoryIndex();
  /** Whole days (since the epoch) for which every story that could take a document of that day is indexed. */
  private readonly loadedDays = new Set<number>();
  /** Whether the stories of undated documents only (candidates for a document of any date) are indexed. */
  private undatedLoaded = false;
  /**
   * Documents containing each term (term_counts) as written when the store had counted `frequenciesAt` documents;
   * idf adds the pending counts to both.
   */
  private readonly frequencies = new Map<string, number>();
  private frequenciesAt = 0;
  /**
   * Term counts of documents assigned since term_counts was last written: flush() writes them once TERM_FLUSH_DOCS
   * documents are pending (a feed poll stores ~50 documents a transaction with a few thousand distinct terms, so a
   * common term is written once per 500 documents rather than once per poll). Counts left pending when the
   * process dies are lost: idf is an estimate, and the total is lost with them, so their ratio holds.
   */
  private readonly pendingTerms = new Map<string, number>();
  private pendingDocuments = 0;
  /** Whether the open transaction has read the counted total (once per transaction). */
  private totalChecked = false;
  /** Stories changed by the open transaction, written once each by flush(). */
  private readonly dirty = new Map<string, StoryState>();
  private dataVersion = -1;

  /** `maxCached`: stories held in memory before the cache starts over (tests make it small). */
  constructor(private readonly db: Database, private readonly maxCached = MAX_CACHED) {
    this.stmts = {
      around: db.prepare('SELECT id, first_day, last_day, size, centroid FROM stories WHERE last_day >= ? AND first_day <= ?'),
      undated: db.prepare('SELECT id, first_day, last_day, size, centroid FROM stories WHERE last_day IS NULL'),
      byId: db.prepare('SELECT id, first_day, last_day, size, centroid FROM stories WHERE id = ?'),
      save: db.prepare(
        `INSERT INTO stories (id, first_day, last_day, size, centroid) VALUES (@id, @firstDay, @lastDay, @size, @centroid)
         ON CONFLICT (id) DO UPDATE SET first_day = excluded.first_day, last_day = excluded.last_day, size = excluded.size, centroid = excluded.centroid`,
      ),
      frequency: db.prepare('SELECT documents FROM term_counts WHERE term = ?').pluck(),
      counted: db.prepare(`SELECT value FROM counters WHERE name = 'story_documents'`).pluck(),
      countTerm: db.prepare('INSERT INTO term_counts (term, documents) VALUES (?, ?) ON CONFLICT (term) DO UPDATE SET documents = documents + excluded.documents'),
      countDocuments: db.prepare(`UPDATE counters SET value = value + ? WHERE name = 'story_documents'`),
      dropIfEmpty: db.prepare('DELETE FROM stories WHERE id = ? AND NOT EXISTS (SELECT 1 FROM documents WHERE story_id = ?)'),
      unassigned: db.prepare(
        `SELECT id, title, title_origin, text, published_at, ingested_at FROM documents WHERE story_id IS NULL ORDER BY sort_key, rowid LIMIT ${BACKFILL_BATCH}`,
      ),
      setStory: db.prepare('UPDATE documents SET story_id = ? WHERE id = ?'),
    };
  }

  /** Call at the start of every write transaction: forgets what another connection may have changed. */
  begin(): void {
    const version = this.db.pragma('data_version', { simple: true }) as number;
    if (version !== this.dataVersion) {
      // what another connection changed: the stories and term counts read from the database (this process's
      // pending counts are of its own committed documents, and stay)
      this.forgetStories();
      this.frequencies.clear();
      this.frequenciesAt = 0;
    }
    this.dataVersion = version;
    this.totalChecked = false;
  }

  /**
   * Forgets the cached stories (another connection changed them, or the cache is full). The open transaction's
   * stories, not written yet, go back into the index.
   */
  private forgetStories(idf: Idf = () => 1): void {
    this.index.clear();
    this.loadedDays.clear();
    this.undatedLoaded = false;
    for (const story of this.dirty.values()) this.index.put(story, idf);
  }

  /** After a rollback: forgets everything in memory, since it may hold what was undone. */
  /** Drops the cache (after a rollback: it may hold what was undone). */
  reset(): void {
    this.dirty.clear();
    this.pendingTerms.clear();
    this.pendingDocuments = 0;
    this.frequencies.clear();
    this.frequenciesAt = 0;
    this.forgetStories();
  }

  /**
   * The story a new document joins (an existing one near its date, or a new one with id `s_<document id>`),
   * written by the next flush(). `textTerms`: the normalised terms of its text. An undated document may join a
   * story of any date among those near the day it is stored (where a feed's undated items belong) and the undated.
   */
  assign(documentId: string, title: string, titleOrigin: Parameters<typeof storyTerms>[1], textTerms: readonly string[], publishedAt: string | undefined, ingestedAt: string): string {
    const day = dayOf(publishedAt);
    if (!this.totalChecked) {
      this.totalChecked = true;
      // another process's documents: re-read the counts once they moved the total by a quarter
      const total = this.stmts.counted!.get() as number;
      if (total > this.frequenciesAt * 1.25 + 5 || total < this.frequenciesAt / 1.25) {
        this.frequencies.clear();
        this.frequenciesAt = total;
      }
    }
    // counts as written when the cache was filled, plus this process's pending ones: one consistent estimate
    const idf = storeIdf((t) => this.frequency(t) + (this.pendingTerms.get(t) ?? 0), this.frequenciesAt + this.pendingDocuments);
    const tf = documentTf(storyTerms(title, titleOrigin, textTerms));
    for (const term of tf.keys()) this.pendingTerms.set(term, (this.pendingTerms.get(term) ?? 0) + 1);
    this.pendingDocuments++;
    this.ensureLoaded(day ?? dayOf(ingestedAt)!, idf);
    const found = this.index.best(tf, day, idf);
    const full = found && (this.dirty.get(found.id) ?? this.stored(found.id));
    const story = full ? joined(full, tf, day, idf) : started(`s_${documentId.replace(/^d_/, '')}`, tf, day, idf);
    this.dirty.set(story.id, story);
    this.index.put(story, idf);
    return story.id;
  }

  /**
   * Writes the stories assign() changed, and the pending term counts when enough are pending (or `termsToo`);
   * call before the transaction that assigned them ends.
   */
  flush(termsToo = this.pendingDocuments >= TERM_FLUSH_DOCS): void {
    for (const story of this.dirty.values()) {
      this.stmts.save!.run({ id: story.id, firstDay: story.firstDay ?? null, lastDay: story.lastDay ?? null, size: story.size, centroid: JSON.stringify([...story.sum]) });
    }
    this.dirty.clear();
    if (!termsToo) return;
    for (const [term, n] of this.pendingTerms) this.stmts.countTerm!.run(term, n);
    if (this.pendingDocuments > 0) this.stmts.countDocuments!.run(this.pendingDocuments);
    // what was pending is now written: cached counts would miss it, so they are read again
    this.frequencies.clear();
    this.frequenciesAt += this.pendingDocuments;
    this.pendingTerms.clear();
    this.pendingDocuments = 0;
  }

  /** Deletes the given stories that no document belongs to any more (after documents were deleted). */
  dropEmpty(storyIds: Iterable<string>): void {
    for (const id of new Set(storyIds)) {
      if (this.stmts.dropIfEmpty!.run(id, id).changes > 0) this.index.delete(id);
    }
  }

  /**
   * Gives a story to every document without one (those stored before stories were: schema version 9), oldest
   * first, in transactions of BACKFILL_BATCH documents; returns how many. Idempotent: an interrupted run resumes.
   */
  backfill(): number {
    let done = 0;
    for (;;) {
      const batch = this.db.transaction(() => {
        this.begin();
        const rows = this.stmts.unassigned!.all() as { id: string; title: string; title_origin: Parameters<typeof storyTerms>[1]; text: string; published_at: string | null; ingested_at: string }[];
        for (const r of rows) {
          const textTerms = splitSentences(r.text).flatMap((s) => terms(s));
          this.stmts.setStory!.run(this.assign(r.id, r.title, r.title_origin, textTerms, r.published_at ?? undefined, r.ingested_at), r.id);
        }
        this.flush(true);
        return rows.length;
      });
      const n = this.guarded(batch);
      done += n;
      if (n < BACKFILL_BATCH) return done;
    }
  }

  /**
   * Runs a write transaction, dropping the cache when it rolls back (the cache may hold what was undone). It takes
   * the write lock first (IMMEDIATE), so that it waits for another process's writer (busy_timeout) instead of
   * failing when it would upgrade a read it began before that writer committed.
   */
  guarded<T>(work: Transaction<() => T>): T {
    try {
      return work.immediate();
    } catch (e) {
      this.reset();
      throw e;
    }
  }

  private frequency(term: string): number {
    let n = this.frequencies.get(term);
    if (n === undefined) {
      if (this.frequencies.size >= MAX_FREQUENCIES) this.frequencies.clear();
      n = (this.stmts.frequency!.get(term) as number | undefined) ?? 0;
      this.frequencies.set(term, n);
    }
    return n;
  }

  /** Loads the stories a document of `day` could join, unless its whole day was loaded before. */
  private ensureLoaded(day: number, idf: Idf): void {
    const whole = Math.floor(day);
    if (this.loadedDays.has(whole)) return;
    if (this.index.size > this.maxCached) this.forgetStories(idf);
    if (!this.undatedLoaded) {
      for (const row of this.stmts.undated!.all() as StoryRow[]) this.load(row, idf);
      this.undatedLoaded = true;
    }
    // a story can take a document of day x when it ends at or after x − w and starts at or before x + w
    const w = STORY_RULES.maxDaysApart;
    for (const row of this.stmts.around!.all(whole - w, whole + 1 + w) as StoryRow[]) {
      this.load(row, idf);
    }
    this.loadedDays.add(whole);
  }

  /** A story as stored (the index keeps no sums; the story of a document being joined is read back). */
  private stored(id: string): StoryState | undefined {
    const row = this.stmts.byId!.get(id) as StoryRow | undefined;
    return row && toStoryState(row);
  }

  /** Caches a stored story, unless a newer state of it is cached. */
  private load(row: StoryRow, idf: Idf): void {
    if (!this.index.has(row.id)) this.index.put(toStoryState(row), idf);
  }
}
