// What `briefbot migrate` prints for each side of a copy: counts, and a checksum over the documents (every field
// the store gives back), their sentences and the subscriptions, read in the same order from either backend, so
// equal checksums mean nothing was lost or changed on the way.
import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { Db } from '../postgres/db.js';
import type { SubscriptionRepository } from '../repositories.js';

export interface StoreSummary {
  documents: number;
  sentences: number;
  subscriptions: number;
  checksum: string;
}

const DOCUMENT_FIELDS = ['id', 'source', 'title', 'title_origin', 'url', 'published_at', 'ingested_at', 'text', 'lang', 'origin', 'copy_of', 'story_id'] as const;
/** Rows read per query on PostgreSQL (keyset pages: constant memory, whatever the store's size). */
const PAGE = 2000;

type Row = Record<string, unknown>;

/** Reads a table in key order, in pages: `after` is the last row of the page before. */
type Pages = (query: 'documents' | 'sentences', after: Row | undefined) => Promise<Row[]>;

async function summarise(pages: Pages, subscriptions: SubscriptionRepository): Promise<StoreSummary> {
  const hash = createHash('sha256');
  const counts = { documents: 0, sentences: 0 };
  for (const table of ['documents', 'sentences'] as const) {
    let after: Row | undefined;
    for (;;) {
      const rows = await pages(table, after);
      for (const r of rows) {
        const fields = table === 'documents' ? DOCUMENT_FIELDS.map((f) => r[f] ?? null) : [r.document_id, Number(r.idx), r.text];
        hash.update(JSON.stringify(fields)).update('\n');
      }
      counts[table] += rows.length;
      after = rows.at(-1);
      if (rows.length < PAGE) break;
    }
  }
  const subs = await subscriptions.all();
  for (const s of subs) hash.update(JSON.stringify(s)).update('\n');
  return { ...counts, subscriptions: subs.length, checksum: hash.digest('hex').slice(0, 16) };
}

export function summariseSqlite(db: Database, subscriptions: SubscriptionRepository): Promise<StoreSummary> {
  // SQLite compares text as bytes, as the "C" collation does on PostgreSQL: the same order on both sides
  const documents = db.prepare(`SELECT ${DOCUMENT_FIELDS.join(', ')} FROM documents WHERE ? IS NULL OR id > ? ORDER BY id LIMIT ${PAGE}`);
  const sentences = db.prepare(
    `SELECT document_id, idx, text FROM sentences WHERE ? IS NULL OR (document_id, idx) > (?, ?) ORDER BY document_id, idx LIMIT ${PAGE}`,
  );
  return summarise(async (table, after) => (table === 'documents'
    ? documents.all(after?.id ?? null, after?.id ?? null)
    : sentences.all(after?.document_id ?? null, after?.document_id ?? null, after?.idx ?? null)) as Row[], subscriptions);
}

export function summarisePostgres(db: Db, subscriptions: SubscriptionRepository): Promise<StoreSummary> {
  return summarise(async (table, after) => {
    if (table === 'documents') {
      return (await db.query(`SELECT ${DOCUMENT_FIELDS.join(', ')} FROM documents WHERE $1::text IS NULL OR id > $1 ORDER BY id LIMIT ${PAGE}`, [after?.id ?? null])).rows;
    }
    return (await db.query(
      `SELECT document_id, idx, text FROM sentences WHERE $1::text IS NULL OR (document_id, idx) > ($1, $2::int) ORDER BY document_id, idx LIMIT ${PAGE}`,
      [after?.document_id ?? null, after?.idx ?? null],
    )).rows;
  }, subscriptions);
}
