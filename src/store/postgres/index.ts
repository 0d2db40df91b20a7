// The PostgreSQL backend: every port on one database (or one schema of it), shared by any number of bot replicas.
// A bounded pool of connections; each repository queries through a Db (db.ts), which atomically() binds to one
// transaction. Nothing a replica keeps in memory decides anything another replica relies on: claims, leases and
// de-duplication are the database's (unique keys, INSERT … ON CONFLICT, conditional UPDATEs, advisory locks).
import pg from 'pg';
import type { Storage, Transaction } from '../repositories.js';
import { PoolDb, type Db } from './db.js';
import { PostgresDigestLedger } from './digest-ledger.js';
import { PostgresDocumentStore } from './documents.js';
import { PostgresFeedback } from './feedback.js';
import { PostgresHandledEvents } from './handled-events.js';
import { PostgresInbox } from './inbox.js';
import { PostgresInstallations } from './installations.js';
import { migrate } from './migrations.js';
import { PostgresPostedDigests } from './posted-digests.js';
import { PostgresSources } from './sources.js';
import { PostgresSubscriptions } from './subscriptions.js';

export interface PostgresOptions {
  /** A connection string (postgres://user:password@host:port/database); PG* environment variables fill what it leaves out. */
  url: string;
  /** Most connections this process opens (DATABASE_POOL_MAX). */
  poolMax: number;
  /** Keep every table in this schema (created if absent) instead of the user's default (public): lower-case letters, digits, _. */
  schema?: string;
  /** The clock that stamps ingestion times and feedback (tests inject one). */
  now?: () => Date;
  /** Told of an error on an idle connection (the server restarted, the network dropped it); the pool replaces it. */
  onIdleError?: (error: Error) => void;
}

export interface PostgresStorage extends Storage {
  readonly pool: pg.Pool;
  /** The pool as the repositories query it, for tools that work on the tables themselves (briefbot migrate). */
  readonly db: Db;
}

const CONNECT_TIMEOUT_MS = 5000;
const PING_TIMEOUT_MS = 2000;

/** `host:port/database` of the server `url` names, without user or password. */
export function describeServer(url: string): string {
  const c = new pg.Client({ connectionString: url });
  return `${c.host}:${c.port}/${c.database ?? ''}`;
}

/** One line saying why the server could not be used at open, without the password. */
function openError(url: string, e: unknown): Error {
  const err = e as Error & { code?: string; errors?: Error[] };
  let reason = err.message || err.errors?.map((x) => x.message).join(', ') || err.code || String(e);
  const password = new pg.Client({ connectionString: url }).password;
  if (typeof password === 'string' && password.length > 0) reason = reason.split(password).join('***');
  reason = reason.replace(/\s*\n\s*/g, ' ');
  const unreachable = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ECONNRESET'].includes(err.code ?? '')
    || /timeout|terminated/i.test(reason);
  return unreachable
    ? new Error(`cannot reach PostgreSQL at ${describeServer(url)}: ${reason} (is the server running?)`)
    : new Error(`cannot open PostgreSQL at ${describeServer(url)}: ${reason}`);
}

/** Connects (once, to fail at start with one clear line), creates the schema if asked, migrates, and opens every port. */
export async function openPostgresStorage(options: PostgresOptions): Promise<PostgresStorage> {
  const { url, schema } = options;
  const now = options.now ?? (() => new Date());
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new Error(`PostgreSQL schema name ${JSON.stringify(schema)}: use lower-case letters, digits and _ (not first a digit)`);
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolMax,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // JIT compiling a query costs ~0.5 s and the store's queries are short: never worth it (PostgreSQL turns it on
    // for queries it estimates as expensive, such as a search on a common term)
    options: `-c jit=off${schema === undefined ? '' : ` -c search_path=${schema}`}`,
  });
  // an idle connection's error (the server restarted) must not crash the process: the pool drops that connection
  pool.on('error', (e) => options.onIdleError?.(e));
  const db = new PoolDb(pool);
  try {
    try {
      await pool.query('SELECT 1');
    } catch (e) {
      throw openError(url, e);
    }
    if (schema !== undefined) {
      // several replicas starting at once: one creates it, the others wait and find it
      await db.transaction(async (tx) => {
        await tx.query(`SELECT pg_advisory_xact_lock(hashtext('briefbot.schema:' || $1::text))`, [schema]);
        await tx.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      });
    }
    await migrate(db);
  } catch (e) {
    await pool.end().catch(() => {});
    throw e;
  }

  let closed = false;
  return {
    pool,
    db,
    documents: new PostgresDocumentStore(db, now),
    subscriptions: new PostgresSubscriptions(db),
    ledger: new PostgresDigestLedger(db),
    posts: new PostgresPostedDigests(db),
    feedback: new PostgresFeedback(db, now),
    sources: new PostgresSources(db),
    events: new PostgresHandledEvents(db),
    inbox: new PostgresInbox(db),
    installations: new PostgresInstallations(db),
    // one connection in a transaction; other calls of this process carry on on other connections of the pool, and
    // see none of its writes until it commits
    atomically: <T>(work: (tx: Transaction) => Promise<T>): Promise<T> =>
      db.transaction((txDb) => work({ documents: new PostgresDocumentStore(txDb, now), sources: new PostgresSources(txDb) })),
    backup: () => Promise.reject(new Error('a PostgreSQL store is backed up with pg_dump (or the server\'s own backups), not by briefbot')),
    async ping() {
      let timer: NodeJS.Timeout | undefined;
      try {
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('ping timed out')), PING_TIMEOUT_MS);
        });
        const { rows } = await Promise.race([pool.query<{ one: number }>('SELECT 1 AS one'), timeout]);
        return rows[0]?.one === 1;
      } catch {
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
