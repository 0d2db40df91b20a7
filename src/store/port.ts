// The DocumentStore port: what ingest, the summariser and Q&A need from storage.
// Every port is asynchronous (a database server answers over the network). Each is written once as its
// synchronous shape (SyncX), which an in-process database implements directly (SQLite, sqlite/documents.ts, wrapped
// by promised.ts), and the port itself is that shape with every result a promise (PostgreSQL, postgres/).
import type { Document, NewDocument, Sentence } from '../domain.js';
import type { Promised } from './promised.js';

export interface AddResult {
  /** What was stored, with `copyOf` set on a near copy of a stored document (see DocumentStore.add). */
  added: Document[];
  /** Inputs that were already stored (same URL or same normalised text), with the id they matched. */
  duplicates: { input: NewDocument; existingId: string }[];
}

export interface SentenceHit extends Sentence {
  /** BM25 score from the index: higher is better (sign already flipped from SQLite's). */
  score: number;
}

export interface ListOptions {
  /** Only documents published (or, when undated, ingested) at or after this ISO date. */
  since?: string;
  limit: number;
}

export interface SyncDocumentStore {
  /**
   * Adds documents in one transaction: all of them are stored, or none. Duplicates are skipped. A document whose
   * text is a near copy of a stored document of another source (estimated Jaccard similarity of their 5-term
   * shingles at or above NEAR_COPY.threshold, text/minhash.ts; texts under NEAR_COPY.minShingles shingles are never
   * copies) is stored with `copyOf`: the copy group of the most similar such document (its `copyOf`, or its id
   * when it has none). Earlier documents of the same batch count as stored.
   */
  add(docs: readonly NewDocument[]): AddResult;
  get(id: string): Document | undefined;
  getMany(ids: readonly string[]): Document[];
  /**
   * Most recent first (by publication date, else ingestion time). Dates compare as ISO strings, so they must be
   * dates or UTC times (ingest stores dates); a time with another offset sorts by its text (known, not yet needed).
   */
  recent(options: ListOptions): Document[];
  count(): number;
  /**
   * Changes whenever documents were added or deleted, by this process or another on the same store (cheap: read
   * for every brief, whose cache it keys).
   */
  version(): string;
  /**
   * The other documents of `id`'s copy group (the group's first document and its near copies), first stored
   * first; [] when it has no copies or is unknown.
   */
  copiesOf(id: string): string[];
  /** Documents ingested after `after` (exclusive) and at or before `until`, most recent first. */
  ingestedBetween(after: string, until: string, limit: number): Document[];
  /** Full-text search over sentences; `terms` are normalised terms (see text/tokens.ts), OR-ed together. */
  searchSentences(terms: readonly string[], limit: number): SentenceHit[];
  /** Ids of documents with the best-matching sentences, best first. */
  searchDocuments(terms: readonly string[], limit: number): string[];
  sentences(documentId: string): Sentence[];
  /** Each document's sentences, in the order of `documentIds` ([] for an unknown one): one round trip for many. */
  sentencesOf(documentIds: readonly string[]): Sentence[][];
  /**
   * Number of indexed sentences containing each term (for idf). Known gap on SQLite: a term its index splits in
   * parts (covid-19, 3.5) counts 0, though search finds it; fixing it moves the eval figures, so it is left to
   * the retrieval work.
   */
  documentFrequency(terms: readonly string[]): Map<string, number>;
  sentenceCount(): number;
  /**
   * Drops at most `limit` documents ingested before `before` (an ISO time, exclusive), oldest first, with their
   * sentences and index entries, in one transaction; returns how many. A backend may drop fewer to keep the
   * transaction short, but returns 0 only when no document older than `before` is left. Called in batches with
   * pauses between them (see retention.ts). Nothing else refers to a document by key: a source item keeps its GUID
   * (so the article is not fetched again), posted digests and feedback keep their own copies.
   */
  deleteIngestedBefore(before: string, limit: number): number;
  /**
   * One short step of upkeep after deletes (SQLite merges the index segments its deletes left behind, which
   * otherwise slow searches); true while there is more to do. Results never change; a backend with nothing to
   * do returns false.
   */
  compact(): boolean;
}

/** The port: SyncDocumentStore with every result a promise. */
export type DocumentStore = Promised<SyncDocumentStore>;
