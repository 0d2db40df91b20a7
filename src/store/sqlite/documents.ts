// The default DocumentStore: documents + sentences in SQLite, FTS5 over normalised sentence terms.
import type { Database, Statement } from 'better-sqlite3';
import type { Document, NewDocument, Sentence } from '../../domain.js';
import { splitSentences } from '../../text/sentences.js';
import { terms } from '../../text/tokens.js';
import { canonicalUrl, documentId, textHash } from '../identity.js';
import type { AddResult, DocumentStore, ListOptions, SentenceHit } from '../port.js';

interface DocumentRow {
  id: string;
  source: string;
  title: string;
  title_origin: Document['titleOrigin'];
  url: string | null;
  published_at: string | null;
  ingested_at: string;
  text: string;
  lang: string;
  origin: string | null;
}

function toDocument(r: DocumentRow): Document {
  return {
    id: r.id,
    source: r.source,
    title: r.title,
    titleOrigin: r.title_origin,
    url: r.url ?? undefined,
    publishedAt: r.published_at ?? undefined,
    ingestedAt: r.ingested_at,
    text: r.text,
    lang: r.lang,
    origin: r.origin ?? undefined,
  };
}

/** Longest a deleteIngestedBefore transaction runs before it stops early (FTS5 merges segments as rows go, so
 * the time per document varies ~50×): a question waits for one transaction at most. */
const DELETE_BUDGET_MS = 50;
/** Index pages one compact() step merges: ~10–60 ms at 100k documents (see the README's Retention section). */
const MERGE_STEP_PAGES = 64;

/** FTS5 query: every term quoted (so no term is read as an operator), OR-ed. */
export function ftsQuery(ts: readonly string[]): string {
  return [...new Set(ts)].map((t) => `"${t.replace(/"/g, '""')}"`).join(' OR ');
}

export class SqliteDocumentStore implements DocumentStore {
  private readonly stmts: Record<string, Statement>;

  /** `db`: an open, migrated database (see openSqliteStorage). */
  constructor(readonly db: Database, private readonly now: () => Date = () => new Date()) {
    this.stmts = {
      byId: db.prepare('SELECT * FROM documents WHERE id = ?'),
      existing: db.prepare('SELECT id FROM documents WHERE id = ? OR text_hash = ? OR (url IS NOT NULL AND url = ?)'),
      insertDoc: db.prepare(
        `INSERT INTO documents (id, source, title, title_origin, url, published_at, ingested_at, text, lang, origin, text_hash)
         VALUES (@id, @source, @title, @title_origin, @url, @published_at, @ingested_at, @text, @lang, @origin, @text_hash)`,
      ),
      insertSentence: db.prepare('INSERT INTO sentences (document_id, idx, text) VALUES (?, ?, ?)'),
      insertFts: db.prepare('INSERT INTO sentence_fts (rowid, terms) VALUES (?, ?)'),
      recent: db.prepare('SELECT * FROM documents WHERE sort_key >= ? ORDER BY sort_key DESC LIMIT ?'),
      count: db.prepare('SELECT count(*) AS n FROM documents'),
      ingestedBetween: db.prepare('SELECT * FROM documents WHERE ingested_at > ? AND ingested_at <= ? ORDER BY sort_key DESC LIMIT ?'),
      // kept in counters by add() and deleteIngestedBefore(), so reading it is O(1) (it is read for every question)
      sentenceCount: db.prepare(`SELECT value AS n FROM counters WHERE name = 'sentences'`),
      addSentences: db.prepare(`UPDATE counters SET value = value + ? WHERE name = 'sentences'`),
      oldest: db.prepare('SELECT id FROM documents WHERE ingested_at < ? ORDER BY ingested_at LIMIT ?'),
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
    this.db.transaction(() => {
      for (const input of docs) {
        const url = input.url ? canonicalUrl(input.url) : undefined;
        const hash = textHash(input.text);
        const id = documentId(url, hash);
        const existing = this.stmts.existing!.get(id, hash, url ?? null) as { id: string } | undefined;
        if (existing) {
          result.duplicates.push({ input, existingId: existing.id });
          continue;
        }
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
        });
        splitSentences(input.text).forEach((sentence, idx) => {
          const { lastInsertRowid } = this.stmts.insertSentence!.run(id, idx, sentence);
          this.stmts.insertFts!.run(lastInsertRowid, terms(sentence).join(' '));
          sentences++;
        });
        result.added.push({ ...input, id, url, ingestedAt });
      }
      if (sentences > 0) this.stmts.addSentences!.run(sentences);
    })();
    return result;
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

  sentenceCount(): number {
    return (this.stmts.sentenceCount!.get() as { n: number }).n;
  }

  deleteIngestedBefore(before: string, limit: number): number {
    return this.db.transaction(() => {
      const started = performance.now();
      const ids = (this.stmts.oldest!.all(before, limit) as { id: string }[]).map((r) => r.id);
      let sentences = 0;
      let dropped = 0;
      for (const id of ids) {
        if (dropped > 0 && performance.now() - started > DELETE_BUDGET_MS) break;
        this.stmts.deleteFts!.run(id);
        sentences += this.stmts.deleteSentences!.run(id).changes;
        this.stmts.deleteDoc!.run(id);
        dropped++;
      }
      if (sentences > 0) this.stmts.addSentences!.run(-sentences);
      return dropped;
    })();
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

  documentFrequency(ts: readonly string[]): Map<string, number> {
    const out = new Map<string, number>();
    for (const t of new Set(ts)) {
      const row = this.stmts.df!.get(t) as { doc: number } | undefined;
      out.set(t, row?.doc ?? 0);
    }
    return out;
  }
}
