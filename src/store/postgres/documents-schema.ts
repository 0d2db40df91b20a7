// The tables of the PostgreSQL DocumentStore (documents.ts) and its stories (stories.ts): migration 2 of
// migrations.ts. Text that SQLite compares as bytes (ids, ISO dates, terms) uses the "C" collation here too, so that
// orderings and ranges agree with the SQLite store. `seq` columns keep insertion order, as SQLite's rowid does
// (ties in recent(), copiesOf(), candidate and story order).
//
// Full-text search: every sentence keeps `terms`, a tsvector of the tokens SQLite's FTS5 index holds for it (its
// normalised terms, text/tokens.ts, split and folded as FTS5's unicode61 tokenizer does: fts.ts), each at its
// position (1…), and `length`, their number (bm25's document length). A GIN index answers `@@`. `sentence_terms`
// counts the sentences holding each token (bm25's idf, documentFrequency()), kept by add and delete.
//
// `document_state` is one row: the counters read per question (sentences), the totals bm25 takes its N and average
// length from, the version (a new value of the `document_versions` sequence at every write that added or deleted
// documents: a sequence never hands out a value twice, even across rollbacks), and `store_id`, which names this
// store to the processes caching its stories. Writers lock the row first (SELECT … FOR UPDATE), so adds and deletes
// of every process sharing the database run one at a time, as SQLite's single writer does.
export const DOCUMENT_TABLES = `
  CREATE TABLE documents (
    seq bigint GENERATED ALWAYS AS IDENTITY,
    id text COLLATE "C" PRIMARY KEY,
    source text NOT NULL,
    title text NOT NULL,
    title_origin text NOT NULL,
    url text,
    published_at text COLLATE "C",
    ingested_at text COLLATE "C" NOT NULL,
    sort_key text COLLATE "C" GENERATED ALWAYS AS (coalesce(published_at, ingested_at)) STORED,
    text text NOT NULL,
    lang text NOT NULL,
    origin text,
    text_hash text COLLATE "C" NOT NULL UNIQUE,
    copy_of text COLLATE "C",
    near_copy_signature bytea,
    story_id text COLLATE "C"
  );
  -- the id is a hash of the canonical URL when there is one (identity.ts), so the primary key keeps URLs unique
  -- too (a unique index on url itself would refuse URLs longer than a btree row)
  CREATE INDEX documents_sort ON documents (sort_key, seq);
  CREATE INDEX documents_ingested ON documents (ingested_at, seq);
  CREATE INDEX documents_copy_of ON documents (copy_of) WHERE copy_of IS NOT NULL;
  CREATE INDEX documents_story ON documents (story_id);

  CREATE TABLE sentences (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    document_id text COLLATE "C" NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    idx integer NOT NULL,
    text text NOT NULL,
    length integer NOT NULL,
    terms tsvector NOT NULL
  );
  CREATE INDEX sentences_document ON sentences (document_id, idx);
  CREATE INDEX sentences_terms ON sentences USING gin (terms);

  CREATE TABLE sentence_terms (
    term text COLLATE "C" PRIMARY KEY,
    sentences bigint NOT NULL
  );

  -- LSH buckets of the near-copy signatures (text/minhash.ts bucketKeys); dropped with their document by the store
  CREATE TABLE near_copy_buckets (
    bucket bytea NOT NULL,
    document_id text COLLATE "C" NOT NULL,
    PRIMARY KEY (bucket, document_id)
  );

  -- stories/incremental.ts: each story's centroid (JSON [[term, weight], …]) and days since the epoch of its first
  -- and last dated document; story_terms counts documents per term for the stories' idf (it only grows, as does
  -- document_state.story_documents, so a deleted document stays counted in both, as on SQLite)
  CREATE TABLE stories (
    seq bigint GENERATED ALWAYS AS IDENTITY,
    id text COLLATE "C" PRIMARY KEY,
    first_day double precision,
    last_day double precision,
    size integer NOT NULL,
    centroid text NOT NULL
  );
  CREATE INDEX stories_last_day ON stories (last_day, seq);
  CREATE TABLE story_terms (
    term text COLLATE "C" PRIMARY KEY,
    documents bigint NOT NULL
  );

  CREATE SEQUENCE document_versions;
  CREATE TABLE document_state (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    store_id uuid NOT NULL DEFAULT gen_random_uuid(),
    version bigint NOT NULL DEFAULT 0,
    documents bigint NOT NULL DEFAULT 0,
    sentences bigint NOT NULL DEFAULT 0,
    -- bm25's N and total length, as FTS5 keeps them on SQLite: every sentence ever indexed (FTS5's contentless_delete
    -- leaves its totals as they were when rows are deleted, so deletes lower neither here)
    indexed_sentences bigint NOT NULL DEFAULT 0,
    indexed_tokens bigint NOT NULL DEFAULT 0,
    story_documents bigint NOT NULL DEFAULT 0
  );
  INSERT INTO document_state DEFAULT VALUES;
`;

/**
 * Migration 3: the search index moves from `sentences` into `sentence_index`, one narrow row per sentence (its id,
 * length, tsvector, and `repeats`: the lexemes it holds more than once, fts.ts). Ranking reads every matching row:
 * without the sentence's text and document id beside it, those rows fill 40% fewer pages, and `repeats` spares most
 * of them a ts_rank_cd call; together they made the bare ranking query ~3× faster on 100k documents (fts.ts).
 * Existing sentences are indexed from the tsvectors they have (the same lexemes and positions).
 */
export const SENTENCE_INDEX = `
  CREATE TABLE sentence_index (
    id bigint PRIMARY KEY REFERENCES sentences (id) ON DELETE CASCADE,
    length integer NOT NULL,
    terms tsvector NOT NULL,
    repeats tsvector NOT NULL
  );
  INSERT INTO sentence_index (id, length, terms, repeats)
    SELECT id, length, terms,
      coalesce((SELECT array_to_tsvector(array_agg(u.lexeme ORDER BY u.lexeme)) FROM unnest(terms) u WHERE cardinality(u.positions) > 1), ''::tsvector)
    FROM sentences ORDER BY id;
  CREATE INDEX sentence_index_terms ON sentence_index USING gin (terms);
  DROP INDEX sentences_terms;
  ALTER TABLE sentences DROP COLUMN length, DROP COLUMN terms;
`;
