// The DocumentStore port: what the summariser, Q&A and adapters need from storage.
// SQLite (sqlite.ts) is the default; another backend implements the same interface.
import type { Document, Feedback, NewDocument, Sentence } from '../domain.js';

export interface AddResult {
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

export interface DocumentStore {
  /** Adds documents in one transaction: all of them are stored, or none. Duplicates are skipped. */
  add(docs: readonly NewDocument[]): AddResult;
  get(id: string): Document | undefined;
  getMany(ids: readonly string[]): Document[];
  /** Most recent first (by publication date, else ingestion time). */
  recent(options: ListOptions): Document[];
  count(): number;
  /** Documents ingested after `after` (exclusive) and at or before `until`, most recent first. */
  ingestedBetween(after: string, until: string, limit: number): Document[];
  /** Full-text search over sentences; `terms` are normalised terms (see text/tokens.ts), OR-ed together. */
  searchSentences(terms: readonly string[], limit: number): SentenceHit[];
  /** Ids of documents with the best-matching sentences, best first. */
  searchDocuments(terms: readonly string[], limit: number): string[];
  sentences(documentId: string): Sentence[];
  /** Number of indexed sentences containing each term (for idf). */
  documentFrequency(terms: readonly string[]): Map<string, number>;
  sentenceCount(): number;
  recordFeedback(feedback: Feedback): void;
  feedback(): Feedback[];
  close(): void;
}
