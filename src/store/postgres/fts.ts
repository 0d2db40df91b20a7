// Full-text search on PostgreSQL that ranks as the SQLite store's FTS5 index does (sqlite/documents.ts), so that
// both stores give the same answers.
//
// What is indexed: the SQLite store writes each sentence's normalised terms (text/tokens.ts) joined by spaces into
// FTS5 with the unicode61 tokenizer, which splits them again on every character that is not a letter or digit
// ("covid-19" → covid, 19; "3.5" → 3, 5) and folds case and diacritics. `tokensOf` does the same here, and the
// tsvector is written as a literal of those tokens and their positions, and queries as tsquery literals of the same
// tokens, passed as parameters (no text search configuration, not even 'simple', parses either again: nothing is
// stemmed, dropped or split a second time, and no character of a term can act as a tsquery operator).
//
// How it is queried: FTS5 reads each query term as a quoted phrase ("covid-19" is the phrase covid 19), OR-ed, and
// ranks with bm25() (fts5_aux.c): for each phrase i, idf_i · f·(k1 + 1) / (f + k1·(1 − b + b·D/avgdl)), summed in
// query order, k1 = 1.2, b = 0.75, f the phrase's occurrences in the row, D the row's tokens, avgdl the table's
// tokens over its rows, idf_i = ln((N − n_i + 0.5)/(n_i + 0.5)), or 1e-6 when that is not positive, n_i the rows
// holding the phrase, N the rows. FTS5's N and token total count every row ever inserted (its contentless_delete
// leaves them unchanged on delete); document_state keeps the same two totals. rankedSql() computes that same
// expression, in the same order of floating-point operations, over the rows `@@` finds with the GIN index, so the
// scores are the same doubles as SQLite's (test/store/postgres-documents.test.ts compares them).
//
// Cost: like FTS5, every matching row is scored (PostgreSQL reads each one's tsvector from sentence_index); what keeps a
// question cheap is the caller asking for few, rare terms (qa/answer.ts retrievalTerms). Run with jit = off: the
// planner's estimate for a common term passes jit_above_cost, and compiling the query then costs more than running it.
import { createHash } from 'node:crypto';

/** Characters that continue a token in unicode61 (letters, digits, private use; diacritic marks are folded away). */
const SEPARATORS = /[^\p{L}\p{N}\p{Co}\p{M}]+/u;
/** Longest lexeme PostgreSQL indexes is 2046 bytes; a longer token is indexed under a hash of itself. */
const MAX_LEXEME_BYTES = 1000;

/** `token` folded as unicode61 with remove_diacritics 2 folds it: lower case, no diacritics. */
function fold(token: string): string {
  if (/^[\x00-\x7f]*$/.test(token)) return token.replace(/[A-Z]+/g, (s) => s.toLowerCase());
  return token.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
}

/** The key a token is stored under: itself, or (too long for an index) '#' and its hash ('#' is never in a token). */
export function lexemeKey(token: string): string {
  return Buffer.byteLength(token) <= MAX_LEXEME_BYTES ? token : `#${createHash('sha256').update(token).digest('hex')}`;
}

/** Tokens of the terms seen lately: ingest splits the same few thousand terms again and again. */
const tokenCache = new Map<string, readonly string[]>();

/** The tokens FTS5's unicode61 tokenizer makes of a term, as keys (cached). */
function termTokens(term: string): readonly string[] {
  let tokens = tokenCache.get(term);
  if (!tokens) {
    tokens = tokensOf(term);
    if (tokenCache.size >= 100_000) tokenCache.clear();
    tokenCache.set(term, tokens);
  }
  return tokens;
}

/** The tokens FTS5's unicode61 tokenizer makes of `text` (a term, a sentence's terms, a query phrase), as keys. */
export function tokensOf(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(SEPARATORS)) {
    if (!part || /^\p{M}/u.test(part)) continue;
    const token = fold(part);
    if (token) out.push(lexemeKey(token));
  }
  return out;
}

/**
 * The key of `term` in sentence_terms when FTS5's vocabulary would hold it as written (one token, nothing folded),
 * else undefined (SQLite's documentFrequency then counts 0: see the port).
 */
export function vocabularyKey(term: string): string | undefined {
  const parts = term.split(SEPARATORS);
  if (parts.length !== 1 || !term || /^\p{M}/u.test(term) || fold(term) !== term) return undefined;
  return lexemeKey(term);
}

function quote(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** PostgreSQL keeps positions up to 16383 (larger ones become 16383), and 256 per lexeme. */
const MAX_POSITION = 16383;
const MAX_POSITIONS = 256;
/** A tsvector is at most 1 MB; a sentence that long (no full stop in a whole file) keeps what fits. */
const MAX_TSVECTOR_BYTES = 900_000;

/**
 * A sentence's tsvector (as its text literal), its length in tokens, its lexemes, and `repeats`: a tsvector literal of
 * the lexemes it holds more than once ('' for most sentences), which spares ranking a ts_rank_cd call (rankedSql).
 */
export function sentenceVector(sentenceTerms: readonly string[]): { literal: string; length: number; lexemes: string[]; repeats: string } {
  const positions = new Map<string, number[]>();
  let n = 0;
  for (const term of sentenceTerms) {
    for (const token of termTokens(term)) {
      n++;
      const list = positions.get(token);
      if (!list) positions.set(token, [Math.min(n, MAX_POSITION)]);
      else if (list.length < MAX_POSITIONS && n <= MAX_POSITION) list.push(n);
    }
  }
  const parts: string[] = [];
  const lexemes: string[] = [];
  const repeated: string[] = [];
  let bytes = 0;
  for (const [token, list] of positions) {
    const part = `${quote(token)}:${list.join(',')}`;
    bytes += Buffer.byteLength(token) + 8 + 2 * list.length;
    if (bytes > MAX_TSVECTOR_BYTES) break;
    parts.push(part);
    lexemes.push(token);
    if (list.length > 1) repeated.push(quote(token));
  }
  return { literal: parts.join(' '), length: n, lexemes, repeats: repeated.join(' ') };
}

/** A query's phrases: one per distinct term (as FTS5 gets them from ftsQuery), in order, those with no token left out. */
export function queryPhrases(terms: readonly string[]): string[][] {
  return [...new Set(terms)].map(tokensOf).filter((p) => p.length > 0);
}

/** The tsquery text matching any of the phrases (tokens as quoted lexemes, phrases as <-> chains). */
export function tsquery(phrases: readonly (readonly string[])[]): string {
  return phrases.map((p) => (p.length === 1 ? quote(p[0]!) : `(${p.map(quote).join(' <-> ')})`)).join(' | ');
}

/**
 * SQL ranking the sentences that match `phrases` by FTS5's bm25, best first, ties in insertion order (as FTS5
 * returns them); columns id (the sentence's) and score. Parameters: $1 the tsquery matching any phrase, $2 the limit
 * (null: no limit), then each phrase's own tsquery, then each single-token phrase's lexeme, then each longer phrase's
 * tokens AND-ed as a tsquery (all text built from tokens and passed as parameters: no term is ever spliced into the
 * SQL; see rankedParams).
 * A phrase's occurrences in a row are ts_rank_cd's cover count: with every weight 1, each occurrence of a single
 * lexeme, or of a <-> chain, is a cover of density 1, so ts_rank_cd returns their number (exact: a float4 integer).
 * That call is most of a search's cost, and it is only needed where a phrase could occur twice, that is where each of
 * its tokens is in the row's `repeats` (the lexemes it holds more than once; 3% of the bench corpus's sentences have any): elsewhere a
 * matching phrase occurs once.
 * A single token's row count n comes from sentence_terms; a longer phrase's is counted over the matching rows, which
 * hold every row that has it.
 */
export function rankedSql(phrases: readonly (readonly string[])[]): string {
  let next = 3 + phrases.length;
  let andParam = next + phrases.filter((p) => p.length === 1).length;
  const freq = phrases.map((p, i) => {
    const phrase = `$${3 + i}::tsquery`;
    const everyToken = p.length === 1 ? phrase : `$${andParam++}::tsquery`;
    return `CASE WHEN s.terms @@ ${phrase} THEN CASE WHEN s.repeats @@ ${everyToken} THEN ts_rank_cd('{1,1,1,1}', s.terms, ${phrase})::float8 ELSE 1::float8 END ELSE 0::float8 END AS f${i}`;
  });
  const hits = phrases.map((p, i) => (p.length === 1
    ? `(SELECT t.sentences FROM sentence_terms t WHERE t.term = $${next++}::text)::float8`
    : `(SELECT count(*) FILTER (WHERE f${i} > 0) FROM freq)::float8`));
  const idf = phrases.map((_, i) => `ln((st.n - h.n${i} + 0.5::float8) / (h.n${i} + 0.5::float8)) AS i${i}`);
  const terms = phrases.map((_, i) =>
    `CASE WHEN idf.i${i} <= 0 THEN 1e-6::float8 ELSE idf.i${i} END * ((f.f${i} * (1.2::float8 + 1.0::float8)) / (f.f${i} + 1.2::float8 * ((1::float8 - 0.75::float8) + 0.75::float8 * f.d / st.avgdl)))`);
  const matching = `SELECT s.id, s.length::float8 AS d, ${freq.join(', ')} FROM sentence_index s WHERE s.terms @@ $1::tsquery`;
  // a phrase's row count needs a first pass over the matching rows (kept); otherwise they are scored as they are read
  // (OFFSET 0 keeps each occurrence count computed once)
  const phrased = phrases.some((p) => p.length > 1);
  return `
    WITH st AS MATERIALIZED (
      SELECT indexed_sentences::float8 AS n, indexed_tokens::float8 / greatest(indexed_sentences, 1)::float8 AS avgdl FROM document_state LIMIT 1
    )${phrased ? `, freq AS MATERIALIZED (${matching})` : ''}, idf AS MATERIALIZED (
      SELECT ${idf.join(', ')} FROM st, (SELECT ${hits.map((n, i) => `coalesce(${n}, 0::float8) AS n${i}`).join(', ')}) h
    )
    SELECT f.id, 0::float8 + ${terms.join(' + ')} AS score FROM ${phrased ? 'freq' : `(${matching} OFFSET 0)`} f, idf, st
    ORDER BY score DESC, f.id LIMIT $2`;
}

/** The parameters of rankedSql(phrases) but the limit: $1, then $3 on. */
export function rankedParams(phrases: readonly (readonly string[])[]): string[] {
  const longer = phrases.filter((p) => p.length > 1);
  return [tsquery(phrases), ...phrases.map((p) => tsquery([p])), ...phrases.filter((p) => p.length === 1).map((p) => p[0]!),
    ...longer.map((p) => [...new Set(p)].map(quote).join(' & '))];
}

interface Queryable {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** The bare ranked query (sentence ids and scores, best first) for `terms`: what the store's search adds to is measured against it. */
export async function rawSearch(db: Queryable, terms: readonly string[], limit: number): Promise<{ id: string; score: number }[]> {
  const phrases = queryPhrases(terms);
  if (phrases.length === 0) return [];
  const [all, ...rest] = rankedParams(phrases);
  return (await db.query(rankedSql(phrases), [all, limit, ...rest])).rows as { id: string; score: number }[];
}
