// The DocumentStore on PostgreSQL: the same behaviour as the SQLite store (sqlite/documents.ts) for every method of
// the port, shared by any number of processes. Writes are in document-writes.ts, the full-text ranking in fts.ts,
// near copies in near-copies.ts, stories in stories.ts, the tables in documents-schema.ts.
import type { Document, NewDocument, Sentence } from '../../domain.js';
import type { AddResult, DocumentStore, ListOptions, SentenceHit } from '../port.js';
import type { Db } from './db.js';
import { DOCUMENT_COLUMNS, toDocument, type DocumentRow } from '../rows.js';
import { addDocuments, deleteDocuments } from './document-writes.js';
import { queryPhrases, rankedParams, rankedSql, vocabularyKey } from './fts.js';
import { PROCESS_STORY_CACHES, type StoryCaches } from './stories.js';

/** SQLite's LIMIT: a negative limit is none. */
const limitOf = (n: number): number | null => (n < 0 ? null : Math.floor(n));

export class PostgresDocumentStore implements DocumentStore {
  /**
   * `db`: the pool, or a transaction (Storage.atomically), of a database migrated with documents-schema.ts.
   * `caches`: where the story cache of the store is kept (this process's, shared by every store on it, by default).
   */
  constructor(private readonly db: Db, private readonly now: () => Date = () => new Date(), private readonly caches: StoryCaches = PROCESS_STORY_CACHES) {}

  add(docs: readonly NewDocument[]): Promise<AddResult> {
    return addDocuments(this.db, this.caches, docs, this.now().toISOString());
  }

  deleteIngestedBefore(before: string, limit: number): Promise<number> {
    return deleteDocuments(this.db, this.caches, before, limit);
  }

  /** Nothing to do: PostgreSQL's own vacuum reclaims what deletes leave, and GIN merges its pending list itself. */
  async compact(): Promise<boolean> {
    return false;
  }

  async get(id: string): Promise<Document | undefined> {
    const { rows } = await this.db.query<DocumentRow>(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE id = $1`, [id]);
    return rows[0] && toDocument(rows[0]);
  }

  async getMany(ids: readonly string[]): Promise<Document[]> {
    if (ids.length === 0) return [];
    const { rows } = await this.db.query<DocumentRow>(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE id = ANY($1::text[])`, [[...new Set(ids)]]);
    const byId = new Map(rows.map((r) => [r.id, toDocument(r)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** Ties (same date) latest stored first, as SQLite's backward scan of its sort_key index gives them. */
  async recent({ since, limit }: ListOptions): Promise<Document[]> {
    const { rows } = await this.db.query<DocumentRow>(
      `SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE sort_key >= $1 ORDER BY sort_key DESC, seq DESC LIMIT $2`,
      [since ?? '', limitOf(limit)],
    );
    return rows.map(toDocument);
  }

  /** Ties (same date) in ingestion order: SQLite reads the range by ingestion time and sorts it stably. */
  async ingestedBetween(after: string, until: string, limit: number): Promise<Document[]> {
    const { rows } = await this.db.query<DocumentRow>(
      `SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE ingested_at > $1 AND ingested_at <= $2 ORDER BY sort_key DESC, ingested_at, seq LIMIT $3`,
      [after, until, limitOf(limit)],
    );
    return rows.map(toDocument);
  }

  async count(): Promise<number> {
    return Number((await this.state('documents')) ?? 0);
  }

  /** The version the last add or delete of any process committed (document_state; a sequence's value). */
  async version(): Promise<string> {
    return String((await this.state('version')) ?? '');
  }

  async sentenceCount(): Promise<number> {
    return Number((await this.state('sentences')) ?? 0);
  }

  private async state(column: 'documents' | 'version' | 'sentences'): Promise<string | undefined> {
    const { rows } = await this.db.query<{ v: string }>(`SELECT ${column} AS v FROM document_state`);
    return rows[0]?.v;
  }

  async copiesOf(id: string): Promise<string[]> {
    const { rows } = await this.db.query<{ id: string }>(
      `SELECT d.id FROM documents g JOIN documents d ON d.id = coalesce(g.copy_of, g.id) OR d.copy_of = coalesce(g.copy_of, g.id)
       WHERE g.id = $1 AND d.id <> $1 ORDER BY d.ingested_at, d.seq`,
      [id],
    );
    return rows.map((r) => r.id);
  }

  async sentences(documentId: string): Promise<Sentence[]> {
    return (await this.sentencesOf([documentId]))[0]!;
  }

  async sentencesOf(documentIds: readonly string[]): Promise<Sentence[][]> {
    const ids = [...new Set(documentIds)];
    const { rows } = ids.length === 0 ? { rows: [] }
      : await this.db.query<{ document_id: string; idx: number; text: string }>(
        // one index lookup per document, whatever the planner believes: `document_id = ANY(…)` over a table never
        // analyzed (autovacuum off) was planned as a seq scan of all sentences (0.8 s at 1M documents; this, 1 ms).
        // The inner ORDER BY keeps the lookup from being flattened into one scan; order is restored below regardless.
        `SELECT s.document_id, s.idx, s.text FROM unnest($1::text[]) AS d(id)
           CROSS JOIN LATERAL (SELECT document_id, idx, text FROM sentences WHERE document_id = d.id ORDER BY idx) s`,
        [ids],
      );
    const byDocument = new Map<string, Sentence[]>(ids.map((id) => [id, []]));
    for (const r of rows) byDocument.get(r.document_id)!.push({ documentId: r.document_id, index: r.idx, text: r.text });
    for (const list of byDocument.values()) list.sort((a, b) => a.index - b.index);
    return documentIds.map((id) => byDocument.get(id)!);
  }

  async searchSentences(terms: readonly string[], limit: number): Promise<SentenceHit[]> {
    const phrases = queryPhrases(terms);
    if (phrases.length === 0) return [];
    const [all, ...rest] = rankedParams(phrases);
    const { rows } = await this.db.query<{ score: number; document_id: string; idx: number; text: string }>(
      `SELECT r.score, s.document_id, s.idx, s.text FROM (${rankedSql(phrases)}) r JOIN sentences s ON s.id = r.id ORDER BY r.score DESC, r.id`,
      [all, limitOf(limit), ...rest],
    );
    return rows.map((r) => ({ documentId: r.document_id, index: r.idx, text: r.text, score: r.score }));
  }

  /** As SQLite: the documents of the best limit × 8 sentences, by the sum of their sentences' scores (ties: first met). */
  async searchDocuments(terms: readonly string[], limit: number): Promise<string[]> {
    const phrases = queryPhrases(terms);
    if (phrases.length === 0 || limit <= 0) return [];
    const [all, ...rest] = rankedParams(phrases);
    const { rows } = await this.db.query<{ document_id: string }>(
      `WITH ranked AS (SELECT s.document_id, r.score, row_number() OVER (ORDER BY r.score DESC, r.id) AS rank FROM (${rankedSql(phrases)}) r JOIN sentences s ON s.id = r.id)
       SELECT document_id FROM ranked GROUP BY document_id ORDER BY sum(score ORDER BY rank) DESC, min(rank) LIMIT $${rest.length + 3}`,
      [all, Math.floor(limit) * 8, ...rest, Math.floor(limit)],
    );
    return rows.map((r) => r.document_id);
  }

  /**
   * Sentences holding each term, from sentence_terms. As on SQLite (whose FTS5 vocabulary holds tokens, see the
   * port), a term the index splits in parts (covid-19, 3.5) or holds folded (Geneva) counts 0.
   */
  async documentFrequency(terms: readonly string[]): Promise<Map<string, number>> {
    const keys = new Map([...new Set(terms)].map((t) => [t, vocabularyKey(t)]));
    const asked = [...new Set([...keys.values()].filter((k): k is string => k !== undefined))];
    const { rows } = asked.length === 0 ? { rows: [] }
      : await this.db.query<{ term: string; sentences: string }>('SELECT term, sentences FROM sentence_terms WHERE term = ANY($1::text[])', [asked]);
    const found = new Map(rows.map((r) => [r.term, Number(r.sentences)]));
    return new Map([...keys].map(([t, k]) => [t, k === undefined ? 0 : found.get(k) ?? 0]));
  }
}
