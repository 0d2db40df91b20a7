// `briefbot migrate --from sqlite:<file> --to postgres://…`: copies a SQLite store into an empty PostgreSQL one,
// in one transaction (all of it or nothing). Rows are copied as they are: ids, times, near copies and stories stay
// what they were (nothing is derived again but the search index: each sentence's tsvector and the term counts,
// made from its text as the PostgreSQL store makes them; bm25's totals are taken from FTS5's). Both sides are then
// summed up (checksum.ts).
import { existsSync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import { UserError } from '../../errors.js';
import { terms } from '../../text/tokens.js';
import { sentenceVector } from '../postgres/fts.js';
import type { Db } from '../postgres/db.js';
import { countSentenceTerms, insertSentences, type IndexedSentence } from '../postgres/document-writes.js';
import { openPostgresStorage } from '../postgres/index.js';
import { openSqliteStorage } from '../sqlite/index.js';
import { summarisePostgres, summariseSqlite, type StoreSummary } from './checksum.js';

/** Tables copied column for column, parents before the rows that refer to them. */
const TABLES = [
  'documents', 'near_copy_buckets', 'stories', 'subscriptions', 'digest_deliveries', 'digest_posts', 'digest_post_parts',
  'feedback', 'feedback_contexts', 'feedback_votes', 'sources', 'source_items', 'handled_events', 'inbox', 'slack_installations',
] as const;
const BATCH = 1000;

export interface CopyReport {
  from: StoreSummary;
  to: StoreSummary;
  /** Rows copied per table. */
  rows: Record<string, number>;
}

interface Column {
  name: string;
  /** PostgreSQL's name of its type (udt_name: text, int8, bool, timestamptz, bytea…). */
  type: string;
  identity: boolean;
}

async function targetColumns(db: Db, table: string): Promise<Column[]> {
  const { rows } = await db.query<{ column_name: string; udt_name: string; is_identity: string; is_generated: string }>(
    `SELECT column_name, udt_name, is_identity, is_generated FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  return rows.filter((r) => r.is_generated !== 'ALWAYS').map((r) => ({ name: r.column_name, type: r.udt_name, identity: r.is_identity === 'YES' }));
}

/** A SQLite value as the PostgreSQL column takes it (SQLite keeps booleans as 0/1). */
function convert(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'bool') return value === 1 || value === true || value === '1';
  return value;
}

/** Copies one table in rowid order (the order rows were added, which `seq` columns keep on PostgreSQL). */
async function copyTable(sqlite: Database, tx: Db, table: string): Promise<number> {
  const sqliteColumns = new Set((sqlite.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name));
  // an identity column absent from SQLite (seq) is left to PostgreSQL, which numbers the rows in the order copied
  const columns = (await targetColumns(tx, table)).filter((c) => sqliteColumns.has(c.name));
  const names = columns.map((c) => c.name);
  const insert = `INSERT INTO ${table} (${names.join(', ')}) ${columns.some((c) => c.identity) ? 'OVERRIDING SYSTEM VALUE' : ''}
    SELECT * FROM unnest(${columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ')})`;
  let n = 0;
  let batch: Record<string, unknown>[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await tx.query(insert, columns.map((c) => batch.map((r) => convert(r[c.name], c.type))));
    n += batch.length;
    batch = [];
  };
  // a table WITHOUT ROWID (its rows in key order) has no insertion order to keep
  const hasRowid = (sqlite.prepare(`SELECT "wr" FROM pragma_table_list WHERE name = ?`).pluck().get(table) as number | undefined) === 0;
  for (const row of sqlite.prepare(`SELECT ${names.join(', ')} FROM ${table}${hasRowid ? ' ORDER BY rowid' : ''}`).iterate() as Iterable<Record<string, unknown>>) {
    batch.push(row);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  for (const c of columns.filter((col) => col.identity)) {
    await tx.query(`SELECT setval(pg_get_serial_sequence('${table}', '${c.name}'), coalesce(max(${c.name}), 0) + 1, false) FROM ${table}`);
  }
  return n;
}

/** The sentences with the index the PostgreSQL store keeps for them (as its add() writes them); returns how many. */
async function copySentences(sqlite: Database, tx: Db): Promise<{ sentences: number; tokens: number }> {
  const perTerm = new Map<string, number>();
  let sentences = 0;
  let tokens = 0;
  let batch: IndexedSentence[] = [];
  const flush = async () => {
    tokens += await insertSentences(tx, batch, perTerm);
    sentences += batch.length;
    batch = [];
  };
  for (const s of sqlite.prepare('SELECT document_id, idx, text FROM sentences ORDER BY id').iterate() as Iterable<{ document_id: string; idx: number; text: string }>) {
    batch.push({ documentId: s.document_id, idx: s.idx, text: s.text, ...sentenceVector(terms(s.text)) });
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  await countSentenceTerms(tx, perTerm);
  return { sentences, tokens };
}

/** An SQLite varint (big-endian, 7 bits a byte while the high bit is set, all 8 in a ninth): its value and length. */
function varint(bytes: Buffer, at: number): [number, number] {
  let value = 0n;
  for (let i = 0; i < 9; i++) {
    const byte = bytes[at + i];
    if (byte === undefined) throw new Error('truncated varint');
    if (i === 8) return [Number((value << 8n) | BigInt(byte)), 9];
    value = (value << 7n) | BigInt(byte & 0x7f);
    if (byte < 0x80) return [Number(value), i + 1];
  }
  throw new Error('unreachable');
}

/**
 * bm25's N and token total as the SQLite index keeps them: FTS5's averages record (row 1 of its %_data table: the
 * rows, then the tokens of each column, as varints). They count deleted sentences too (contentless_delete leaves
 * them), so a copy ranks with the same scores; undefined when the record is missing.
 */
function ftsTotals(sqlite: Database): { sentences: number; tokens: number } | undefined {
  const block = sqlite.prepare('SELECT block FROM sentence_fts_data WHERE id = 1').pluck().get() as Buffer | undefined;
  if (!block || block.length === 0) return undefined;
  const [sentences, used] = varint(block, 0);
  const [tokens] = varint(block, used);
  return { sentences, tokens };
}

/** Copies the SQLite store at `file` into the (empty) PostgreSQL database `url` (its `schema`, when given); `log`: one line per step. */
export async function copySqliteToPostgres(file: string, url: string, log: (line: string) => void = () => {}, schema?: string): Promise<CopyReport> {
  if (!existsSync(file)) throw new UserError('BAD_ARGUMENT', `${file}: no such SQLite store`);
  const source = openSqliteStorage(file); // brought to the current schema first, as the bot does at start
  try {
    const target = await openPostgresStorage({ url, poolMax: 2, ...(schema ? { schema } : {}) });
    try {
      const db = target.db;
      const { rows } = await db.query<{ n: string }>('SELECT (SELECT count(*) FROM documents) + (SELECT count(*) FROM subscriptions) + (SELECT count(*) FROM sources) AS n');
      if (Number(rows[0]?.n ?? 0) > 0) throw new UserError('BAD_ARGUMENT', 'the target database already holds documents, subscriptions or sources: migrate into an empty one');
      const copied: Record<string, number> = {};
      await db.transaction(async (tx) => {
        for (const table of TABLES) {
          copied[table] = await copyTable(source.db, tx, table);
          log(`${table}: ${copied[table]} rows`);
        }
        const termCounts = source.db.prepare('SELECT term, documents FROM term_counts').all() as { term: string; documents: number }[];
        await tx.query('INSERT INTO story_terms (term, documents) SELECT * FROM unnest($1::text[], $2::bigint[])', [termCounts.map((t) => t.term), termCounts.map((t) => t.documents)]);
        const { sentences, tokens } = await copySentences(source.db, tx);
        copied.sentences = sentences;
        log(`sentences: ${sentences} rows, indexed`);
        const storyDocuments = (source.db.prepare(`SELECT value FROM counters WHERE name = 'story_documents'`).pluck().get() as number | undefined) ?? 0;
        const indexed = ftsTotals(source.db) ?? { sentences, tokens };
        await tx.query(
          `UPDATE document_state SET version = nextval('document_versions'), documents = $1, sentences = $2, indexed_sentences = $3,
             indexed_tokens = $4, story_documents = $5`,
          [copied.documents, sentences, indexed.sentences, indexed.tokens, storyDocuments],
        );
      });
      return { from: await summariseSqlite(source.db, source.subscriptions), to: await summarisePostgres(db, target.subscriptions), rows: copied };
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}
