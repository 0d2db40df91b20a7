// The writes of the PostgreSQL DocumentStore (documents.ts): add() and deleteIngestedBefore(), each one
// transaction that first locks the document_state row. That lock makes the writers of every process sharing the
// database take turns (as SQLite's single writer): duplicate checks, near copies and stories see everything
// committed before them, the counters and term counts are updated without lost updates or deadlocks, and the story
// cache (stories.ts) can be checked against the version. Readers never wait for it.
import type { Document, NewDocument } from '../../domain.js';
import { bucketKeys, fingerprint } from '../../text/minhash.js';
import { splitSentences } from '../../text/sentences.js';
import { terms } from '../../text/tokens.js';
import { storyTerms } from '../../stories/cluster.js';
import { canonicalUrl, documentId, textHash } from '../identity.js';
import type { AddResult } from '../port.js';
import type { Db } from './db.js';
import { sentenceVector } from './fts.js';
import { copyGroups } from './near-copies.js';
import { byBytes, dropEmptyStories, StoryWriter, type StoryCache, type StoryCaches } from './stories.js';

/** Most documents one deleteIngestedBefore transaction drops (the port lets a backend drop fewer). */
const MAX_DELETE = 1000;

interface State {
  store_id: string;
  version: string;
  story_documents: string;
}

/** Locks document_state for this transaction; runs `work` on the store's story cache, which it drops if `work` throws. */
async function writing<T>(db: Db, caches: StoryCaches, work: (state: State, cache: StoryCache) => Promise<T>): Promise<T> {
  const { rows } = await db.query<State>('SELECT store_id, version, story_documents FROM document_state FOR UPDATE');
  const state = rows[0];
  if (!state) throw new Error('document_state has no row: the documents schema is incomplete');
  const cache = caches.of(state.store_id);
  return cache.exclusive(async () => {
    cache.begin(state.version);
    try {
      return await work(state, cache);
    } catch (e) {
      cache.forget(); // it may hold what is undone
      throw e;
    }
  });
}

/** Moves the version on and the counters by these amounts; the cache now describes the new version. */
async function written(db: Db, cache: StoryCache, d: { documents: number; sentences: number; indexed?: number; tokens?: number; storyDocuments?: number }): Promise<void> {
  const { rows } = await db.query<{ version: string }>(
    `UPDATE document_state SET version = nextval('document_versions'), documents = documents + $1, sentences = sentences + $2,
       indexed_sentences = indexed_sentences + $3, indexed_tokens = indexed_tokens + $4, story_documents = story_documents + $5
     RETURNING version`,
    [d.documents, d.sentences, d.indexed ?? 0, d.tokens ?? 0, d.storyDocuments ?? 0],
  );
  cache.version = rows[0]!.version;
}

export async function addDocuments(db: Db, caches: StoryCaches, docs: readonly NewDocument[], ingestedAt: string): Promise<AddResult> {
  const result: AddResult = { added: [], duplicates: [] };
  if (docs.length === 0) return result;
  return db.transaction((tx) => writing(tx, caches, async (state, cache) => {
    const keyed = docs.map((input) => {
      const url = input.url ? canonicalUrl(input.url) : undefined;
      const hash = textHash(input.text);
      return { input, url, hash, id: documentId(url, hash) };
    });
    // stored duplicates (the id covers the URL: it is the canonical URL's hash when there is one), then the batch's
    const { rows } = await tx.query<{ id: string; text_hash: string }>(
      'SELECT id, text_hash FROM documents WHERE id = ANY($1::text[]) OR text_hash = ANY($2::text[])',
      [keyed.map((k) => k.id), keyed.map((k) => k.hash)],
    );
    const byId = new Map(rows.map((r) => [r.id, r.id]));
    const byHash = new Map(rows.map((r) => [r.text_hash, r.id]));
    const fresh: (typeof keyed[number] & { split: { text: string; terms: string[] }[]; textTerms: string[] })[] = [];
    for (const k of keyed) {
      const existingId = byId.get(k.id) ?? byHash.get(k.hash);
      if (existingId) {
        result.duplicates.push({ input: k.input, existingId });
        continue;
      }
      byId.set(k.id, k.id);
      byHash.set(k.hash, k.id);
      // the sentences' terms feed the full-text index, the near-copy signature and the story
      const split = splitSentences(k.input.text).map((text) => ({ text, terms: terms(text) }));
      fresh.push({ ...k, split, textTerms: split.flatMap((x) => x.terms) });
    }
    if (fresh.length === 0) return result;

    const prints = fresh.map((f) => fingerprint(f.textTerms));
    const copies = await copyGroups(tx, fresh.map((f, i) => ({ id: f.id, source: f.input.source, print: prints[i] })));
    const stories = new StoryWriter(tx, cache, Number(state.story_documents));
    await stories.need(fresh.flatMap((f) => storyTerms(f.input.title, f.input.titleOrigin, f.textTerms)));
    const added: Document[] = [];
    for (const [i, f] of fresh.entries()) {
      const storyId = await stories.assign(f.id, f.input.title, f.input.titleOrigin, f.textTerms, f.input.publishedAt, ingestedAt);
      const copyOf = copies[i];
      added.push({ ...f.input, id: f.id, url: f.url, ingestedAt, ...(copyOf ? { copyOf } : {}), storyId });
    }

    const col = <T>(pick: (f: typeof fresh[number], i: number) => T): T[] => fresh.map(pick);
    await tx.query(
      `INSERT INTO documents (id, source, title, title_origin, url, published_at, ingested_at, text, lang, origin, text_hash, copy_of, near_copy_signature, story_id)
       SELECT id, source, title, title_origin, url, published_at, $15, text, lang, origin, text_hash, copy_of, signature, story_id
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::bytea[], $13::text[], $14::int[])
         AS u(id, source, title, title_origin, url, published_at, text, lang, origin, text_hash, copy_of, signature, story_id, ord)
       ORDER BY ord`,
      [
        col((f) => f.id), col((f) => f.input.source), col((f) => f.input.title), col((f) => f.input.titleOrigin), col((f) => f.url ?? null),
        col((f) => f.input.publishedAt ?? null), col((f) => f.input.text), col((f) => f.input.lang), col((f) => f.input.origin ?? null),
        col((f) => f.hash), col((_, i) => copies[i] ?? null), col((_, i) => prints[i]?.signature ?? null), col((_, i) => added[i]!.storyId!),
        col((_, i) => i), ingestedAt,
      ],
    );
    const buckets = fresh.flatMap((f, i) => (prints[i]?.buckets ?? []).map((b) => [b, f.id] as const));
    if (buckets.length > 0) {
      await tx.query('INSERT INTO near_copy_buckets (bucket, document_id) SELECT * FROM unnest($1::bytea[], $2::text[])', [buckets.map((b) => b[0]), buckets.map((b) => b[1])]);
    }

    const sentences = fresh.flatMap((f) => f.split.map((s, idx) => ({ documentId: f.id, idx, text: s.text, ...sentenceVector(s.terms) })));
    const perTerm = new Map<string, number>();
    const tokens = await insertSentences(tx, sentences, perTerm);
    await countSentenceTerms(tx, perTerm);
    await stories.flush();
    await written(tx, cache, { documents: fresh.length, sentences: sentences.length, indexed: sentences.length, tokens, storyDocuments: stories.documents });
    result.added = added;
    return result;
  }));
}

/** A sentence as the sentences table keeps it: its text, and its index entry (fts.ts sentenceVector). */
export interface IndexedSentence {
  documentId: string;
  idx: number;
  text: string;
  literal: string;
  length: number;
  lexemes: readonly string[];
  repeats: string;
}

/** Writes sentences in their order; adds each one's lexemes to `perTerm` and returns the tokens written (bm25's length). */
export async function insertSentences(db: Db, sentences: readonly IndexedSentence[], perTerm: Map<string, number>): Promise<number> {
  let tokens = 0;
  for (const s of sentences) {
    tokens += s.length;
    for (const lexeme of s.lexemes) perTerm.set(lexeme, (perTerm.get(lexeme) ?? 0) + 1);
  }
  if (sentences.length > 0) {
    await db.query(
      `WITH u AS (
         SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::int[], $5::text[], $6::text[])
           WITH ORDINALITY AS u(document_id, idx, text, length, terms, repeats, ord)
       ), added AS (
         INSERT INTO sentences (document_id, idx, text) SELECT document_id, idx, text FROM u ORDER BY ord RETURNING id, document_id, idx
       )
       INSERT INTO sentence_index (id, length, terms, repeats)
         SELECT a.id, u.length, u.terms::tsvector, u.repeats::tsvector FROM added a JOIN u USING (document_id, idx) ORDER BY a.id`,
      [sentences.map((s) => s.documentId), sentences.map((s) => s.idx), sentences.map((s) => s.text), sentences.map((s) => s.length), sentences.map((s) => s.literal),
        sentences.map((s) => s.repeats)],
    );
  }
  return tokens;
}

/** Terms counted per statement: a store's whole vocabulary (a copy of one, briefbot migrate) goes in parts. */
const TERMS_PER_STATEMENT = 10_000;

/** Adds `perTerm` to sentence_terms (the sentences holding each token). */
export async function countSentenceTerms(db: Db, perTerm: ReadonlyMap<string, number>): Promise<void> {
  // in key order (writers take turns anyway, see the top of this file; one order keeps them apart without it)
  const keys = [...perTerm.keys()].sort(byBytes);
  for (let i = 0; i < keys.length; i += TERMS_PER_STATEMENT) {
    const part = keys.slice(i, i + TERMS_PER_STATEMENT);
    await db.query(
      `INSERT INTO sentence_terms (term, sentences) SELECT * FROM unnest($1::text[], $2::bigint[]) ORDER BY 1
       ON CONFLICT (term) DO UPDATE SET sentences = sentence_terms.sentences + excluded.sentences`,
      [part, part.map((k) => perTerm.get(k)!)],
    );
  }
}

/** See DocumentStore.deleteIngestedBefore. */
export async function deleteDocuments(db: Db, caches: StoryCaches, before: string, limit: number): Promise<number> {
  const n = limit < 0 ? MAX_DELETE : Math.min(Math.floor(limit), MAX_DELETE);
  if (n <= 0) return 0;
  return db.transaction((tx) => writing(tx, caches, async (_state, cache) => {
    const { rows } = await tx.query<{ id: string; story_id: string | null; signature: Buffer | null }>(
      'SELECT id, story_id, near_copy_signature AS signature FROM documents WHERE ingested_at < $1 ORDER BY ingested_at, seq LIMIT $2',
      [before, n],
    );
    if (rows.length === 0) return 0;
    const ids = rows.map((r) => r.id);
    // the sentences, and their tokens' counts (counted per sentence, as they were added)
    const gone = await tx.query<{ sentences: string; emptied: string[] }>(
      `WITH gone AS (DELETE FROM sentence_index WHERE id IN (SELECT id FROM sentences WHERE document_id = ANY($1::text[])) RETURNING terms),
         dropped AS (DELETE FROM sentences WHERE document_id = ANY($1::text[])),
         counts AS (SELECT l.lexeme, count(*) AS n FROM gone, unnest(gone.terms) AS l GROUP BY l.lexeme),
         counted AS (UPDATE sentence_terms t SET sentences = t.sentences - c.n FROM counts c WHERE t.term = c.lexeme RETURNING t.term, t.sentences)
       SELECT (SELECT count(*) FROM gone) AS sentences, coalesce((SELECT array_agg(term) FROM counted WHERE sentences <= 0), '{}') AS emptied`,
      [ids],
    );
    const { sentences, emptied } = gone.rows[0]!;
    if (emptied.length > 0) await tx.query('DELETE FROM sentence_terms WHERE term = ANY($1::text[]) AND sentences <= 0', [emptied]);
    const buckets = rows.flatMap((r) => (r.signature ? bucketKeys(r.signature).map((b) => [b, r.id] as const) : []));
    if (buckets.length > 0) {
      await tx.query(
        'DELETE FROM near_copy_buckets WHERE (bucket, document_id) IN (SELECT * FROM unnest($1::bytea[], $2::text[]))',
        [buckets.map((b) => b[0]), buckets.map((b) => b[1])],
      );
    }
    await tx.query('DELETE FROM documents WHERE id = ANY($1::text[])', [ids]);
    // a story keeps its centroid while any of its documents is left (the dropped ones' weight stays in it)
    await dropEmptyStories(tx, cache, rows.flatMap((r) => (r.story_id ? [r.story_id] : [])));
    await written(tx, cache, { documents: -rows.length, sentences: -Number(sentences) });
    return rows.length;
  }));
}
