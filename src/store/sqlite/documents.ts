// The default DocumentStore: documents + sentences in SQLite, FTS5 over normalised sentence terms.
import type { Database, Statement } from 'better-sqlite3';
import type { Document, NewDocument, Sentence } from '../../domain.js';
import { estimatePacked, fingerprint, NEAR_COPY } from '../../text/minhash.js';
import { splitSentences } from '../../text/sentences.js';
import { terms } from '../../text/tokens.js';
import { canonicalUrl, documentId, textHash } from '../identity.js';
import type { AddResult, SyncDocumentStore, ListOptions, SentenceHit } from '../port.js';
import { SqliteStories } from './stories.js';
import { DOCUMENT_COLUMNS, toDocument, type DocumentRow } from '../rows.js';

/** What a near-copy candidate is judged on. */
interface CandidateRow {
  seq: number;
  id: string;
  source: string;
  copy_of: string | null;
  signature: Uint8Array | null;
}

/** Near-copy candidates compared per new document, those sharing the most LSH buckets with it first. */
const MAX_CANDIDATES = 50;

/** Longest a deleteIngestedBefore transaction runs before it stops early (FTS5 merges segments as rows go, so
 * the time per document varies ~50×): a question waits for one transaction at most. */
const DELETE_BUDGET_MS = 50;
/** Index pages one compact() step merges: ~10–60 ms at 100k documents (see the README's Retention section). */
const MERGE_STEP_PAGES = 64;

/** FTS5 query: every term quoted (so no term is read as an operator), OR-ed. */
export function ftsQuery(ts: readonly string[]): string {
  return [...new Set(ts)].map((t) => `"${t.replace(/"/g, '""')}"`).join(' OR ');
}

export class SqliteDocumentStore implements SyncDocumentStore {
  private readonly stmts: Record<string, Statement>;
  /** The stories documents join as they are stored. */
  readonly stories: SqliteStories;
  /** Transactions of this connection that added or deleted documents (see version()). */
  private writes = 0;

  /** `db`: an open, migrated database (see openSqliteStorage). */
  constructor(readonly db: Database, private readonly now: () => Date = () => new Date()) {
    this.stories = new SqliteStories(db);
    this.stmts = {
      byId: db.prepare(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE id = ?`),
      existing: db.prepare('SELECT id FROM documents WHERE id = ? OR text_hash = ? OR (url IS NOT NULL AND url = ?)'),
      insertDoc: db.prepare(
        `INSERT INTO documents (id, source, title, title_origin, url, published_at, ingested_at, text, lang, origin, text_hash, copy_of, near_copy_signature, story_id)
         VALUES (@id, @source, @title, @title_origin, @url, @published_at, @ingested_at, @text, @lang, @origin, @text_hash, @copy_of, @signature, @story_id)`,
      ),
      // the documents sharing an LSH bucket with a new one: one row per bucket shared
      inBuckets: db.prepare(`SELECT document_id FROM near_copy_buckets WHERE bucket IN (${Array(NEAR_COPY.bands).fill('?').join(', ')})`).pluck(),
      candidate: db.prepare('SELECT rowid AS seq, id, source, copy_of, near_copy_signature AS signature FROM documents WHERE id = ?'),
      insertBucket: db.prepare('INSERT INTO near_copy_buckets (bucket, document_id) VALUES (?, ?)'),
      copyGroup: db.prepare('SELECT coalesce(copy_of, id) AS grp FROM documents WHERE id = ?'),
      copiesOf: db.prepare('SELECT id FROM documents WHERE (id = @grp OR copy_of = @grp) AND id <> @id ORDER BY ingested_at, rowid').pluck(),
      insertSentence: db.prepare('INSERT INTO sentences (document_id, idx, text) VALUES (?, ?, ?)'),
      insertFts: db.prepare('INSERT INTO sentence_fts (rowid, terms) VALUES (?, ?)'),
      recent: db.prepare(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE sort_key >= ? ORDER BY sort_key DESC LIMIT ?`),
      count: db.prepare('SELECT count(*) AS n FROM documents'),
      ingestedBetween: db.prepare(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE ingested_at > ? AND ingested_at <= ? ORDER BY sort_key DESC LIMIT ?`),
      // kept in counters by add() and deleteIngestedBefore(), so reading it is O(1) (it is read for every question)
      sentenceCount: db.prepare(`SELECT value AS n FROM counters WHERE name = 'sentences'`),
      addSentences: db.prepare(`UPDATE counters SET value = value + ? WHERE name = 'sentences'`),
      oldest: db.prepare('SELECT id, story_id FROM documents WHERE ingested_at < ? ORDER BY ingested_at LIMIT ?'),
      // the index first (its rows are found through the sentences), then the sentences, then the document
      deleteFts: db.prepare('DELETE FROM sentence_fts WHERE rowid IN (SELECT id FROM sentences WHERE document_id = ?)'),
      deleteSentences: db.prepare('DELETE FROM sentences WHERE document_id = ?'),
      deleteDoc: db.prepare('DELETE FROM documents WHERE id = ?'),
      // a negative page count merges any level with more than one segment, dropping deleted rows on the way
      merge: db.prepare(`INSERT INTO sentence_fts (sentence_fts, rank) VALUES ('merge', -${MERGE_STEP_PAGES})`),
      totalChanges: db.prepare('SELECT total_changes() AS n'),
      search: db.prepare(
        `SELECT s.document_id AS documentId, s.idx AS "index", s.text AS text, -f.rank AS score
         FROM (SELECT rowid, rank FROM sentence_fts WHERE sentence_fts MATCH ? ORDER BY rank LIMIT ?) f
         JOIN sentences s ON s.id = f.rowid ORDER BY f.rank`,
      ),
      sentences: db.prepare('SELECT document_id AS documentId, idx AS "index", text FROM sentences WHERE document_id = ? ORDER BY idx'),
      df: db.prepare('SELECT doc FROM sentence_vocab WHERE term = ?'),
    };
  }

  add(docs: readonly NewDocument[]): AddResult {
    const result: AddResult = { added: [], duplicates: [] };
    const ingestedAt = this.now().toISOString();
    let sentences = 0;
    this.stories.guarded(this.db.transaction(() => {
      this.stories.begin();
      for (const input of docs) {
        const url = input.url ? canonicalUrl(input.url) : undefined;
        const hash = textHash(input.text);
        const id = documentId(url, hash);
        const existing = this.stmts.existing!.get(id, hash, url ?? null) as { id: string } | undefined;
        if (existing) {
          result.duplicates.push({ input, existingId: existing.id });
          continue;
        }
        // the sentences' terms feed the full-text index, the near-copy signature and the story
        const split = splitSentences(input.text).map((text) => ({ text, terms: terms(text) }));
        const textTerms = split.flatMap((x) => x.terms);
        const print = fingerprint(textTerms);
        const copyOf = print && this.copyGroupOf(input.source, print.signature, print.buckets);
        const storyId = this.stories.assign(id, input.title, input.titleOrigin, textTerms, input.publishedAt, ingestedAt);
        this.stmts.insertDoc!.run({
          id,
          source: input.source,
          title: input.title,
          title_origin: input.titleOrigin,
          url: url ?? null,
          published_at: input.publishedAt ?? null,
          ingested_at: ingestedAt,
          text: input.text,
          lang: input.lang,
          origin: input.origin ?? null,
          text_hash: hash,
          copy_of: copyOf ?? null,
          signature: print?.signature ?? null,
          story_id: storyId,
        });
        for (const bucket of print?.buckets ?? []) this.stmts.insertBucket!.run(bucket, id);
        split.forEach((sentence, idx) => {
          const { lastInsertRowid } = this.stmts.insertSentence!.run(id, idx, sentence.text);
          this.stmts.insertFts!.run(lastInsertRowid, sentence.terms.join(' '));
          sentences++;
        });
        result.added.push({ ...input, id, url, ingestedAt, ...(copyOf ? { copyOf } : {}), storyId });
      }
      if (sentences > 0) this.stmts.addSentences!.run(sentences);
      this.stories.flush();
    }));
    if (result.added.length > 0) this.writes++;
    return result;
  }

  /**
   * The copy group of the stored document of another outlet most like this signature, when it is alike enough.
   * An outlet's own documents are never copies of each other: they share its boilerplate (header, footer,
   * newsletter appeal) and its templates (the daily market report), and they count as one outlet anyway.
   */
  private copyGroupOf(source: string, signature: Uint8Array, buckets: readonly Uint8Array[]): string | undefined {
    const hits = new Map<string, number>();
    for (const id of this.stmts.inBuckets!.all(...buckets) as string[]) hits.set(id, (hits.get(id) ?? 0) + 1);
    let best: { row: CandidateRow; sim: number } | undefined;
    for (const [id] of [...hits.entries()].sort((a, b) => b[1] - a[1]).slice(0, MAX_CANDIDATES)) {
      const row = this.stmts.candidate!.get(id) as CandidateRow | undefined;
      if (!row?.signature || row.source === source) continue;
      const sim = estimatePacked(signature, row.signature);
      // the most alike; between equals, the first stored
      if (sim >= NEAR_COPY.threshold && (!best || sim > best.sim || (sim === best.sim && row.seq < best.row.seq))) best = { row, sim };
    }
    return best && (best.row.copy_of ?? best.row.id);
  }

  copiesOf(id: string): string[] {
    const row = this.stmts.copyGroup!.get(id) as { grp: string } | undefined;
    return row ? (this.stmts.copiesOf!.all({ grp: row.grp, id }) as string[]) : [];
  }

  get(id: string): Document | undefined {
    const row = this.stmts.byId!.get(id) as DocumentRow | undefined;
    return row && toDocument(row);
  }

  getMany(ids: readonly string[]): Document[] {
    return ids.map((id) => this.get(id)).filter((d): d is Document => d !== undefined);
  }

  recent({ since, limit }: ListOptions): Document[] {
    return (this.stmts.recent!.all(since ?? '', limit) as DocumentRow[]).map(toDocument);
  }

  ingestedBetween(after: string, until: string, limit: number): Document[] {
    return (this.stmts.ingestedBetween!.all(after, until, limit) as DocumentRow[]).map(toDocument);
  }

  count(): number {
    return (this.stmts.count!.get() as { n: number }).n;
  }

  /** This connection's writes, and data_version for other connections' commits. */
  version(): string {
    return `${this.writes}:${this.db.pragma('data_version', { simple: true }) as number}`;
  }

  sentenceCount(): number {
    return (this.stmts.sentenceCount!.get() as { n: number }).n;
  }

  deleteIngestedBefore(before: string, limit: number): number {
    const n = this.stories.guarded(this.db.transaction(() => {
      this.stories.begin();
      const started = performance.now();
      const rows = this.stmts.oldest!.all(before, limit) as { id: string; story_id: string | null }[];
      const stories: string[] = [];
      let sentences = 0;
      let dropped = 0;
      for (const { id, story_id } of rows) {
        if (dropped > 0 && performance.now() - started > DELETE_BUDGET_MS) break;
        this.stmts.deleteFts!.run(id);
        sentences += this.stmts.deleteSentences!.run(id).changes;
        this.stmts.deleteDoc!.run(id);
        if (story_id) stories.push(story_id);
        dropped++;
      }
      if (sentences > 0) this.stmts.addSentences!.run(-sentences);
      // a story keeps its centroid while any of its documents is left (the dropped ones' weight stays in it)
      this.stories.dropEmpty(stories);
      return dropped;
    }));
    if (n > 0) this.writes++;
    return n;
  }

  compact(): boolean {
    // FTS5's documented test: the 'merge' command did work when total_changes() moved by 2 or more
    const before = (this.stmts.totalChanges!.get() as { n: number }).n;
    this.stmts.merge!.run();
    return (this.stmts.totalChanges!.get() as { n: number }).n - before >= 2;
  }

  searchSentences(ts: readonly string[], limit: number): SentenceHit[] {
    if (ts.length === 0) return [];
    return this.stmts.search!.all(ftsQuery(ts), limit) as SentenceHit[];
  }

  searchDocuments(ts: readonly string[], limit: number): string[] {
    const byDoc = new Map<string, number>();
    for (const hit of this.searchSentences(ts, limit * 8)) {
      byDoc.set(hit.documentId, (byDoc.get(hit.documentId) ?? 0) + hit.score);
    }
    return [...byDoc.entries()].sort((a, b) => b[1] - a[1]).slice(0, limit).map(([id]) => id);
  }

  sentences(id: string): Sentence[] {
    return this.stmts.sentences!.all(id) as Sentence[];
  }

  sentencesOf(ids: readonly string[]): Sentence[][] {
    return ids.map((id) => this.sentences(id));
  }

  documentFrequency(ts: readonly string[]): Map<string, number> {
    const out = new Map<string, number>();
    for (const t of new Set(ts)) {
      const row = this.stmts.df!.get(t) as { doc: number } | undefined;
      out.set(t, row?.doc ?? 0);
    }
    return out;
  }
}
