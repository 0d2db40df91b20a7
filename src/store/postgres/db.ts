// The PostgreSQL connection every repository of this backend queries through: a bounded pool (DATABASE_POOL_MAX),
// or one client inside a transaction. Repositories take a `Db` and never know which: Storage.atomically hands them
// a transaction's Db, and `transaction()` on a Db already in one opens a savepoint, so a repository's own
// all-or-nothing step (DocumentStore.add) nests inside a caller's transaction.
import pg from 'pg';

export type Row = Record<string, unknown>;

/** An error of the connection itself (not of the statement): the client must not go back to the pool. */
function isConnectionError(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  // 57P01…: the server is shutting down or killed the connection; 08xxx: connection exceptions
  return typeof code !== 'string' || code.startsWith('08') || code.startsWith('57P') || /^E[A-Z]+$/.test(code);
}

export interface Db {
  query<R extends object = Row>(text: string, values?: readonly unknown[]): Promise<pg.QueryResult<R & pg.QueryResultRow>>;
  /** Runs `work` in a transaction (a savepoint when this Db is in one already): committed when it resolves, undone when it throws. */
  transaction<T>(work: (db: Db) => Promise<T>): Promise<T>;
}

class ClientDb implements Db {
  private savepoints = 0;
  constructor(private readonly client: pg.PoolClient) {}

  query<R extends object>(text: string, values?: readonly unknown[]): Promise<pg.QueryResult<R & pg.QueryResultRow>> {
    return this.client.query<R & pg.QueryResultRow>(text, values as unknown[] | undefined);
  }

  async transaction<T>(work: (db: Db) => Promise<T>): Promise<T> {
    const name = `sp${++this.savepoints}`;
    await this.client.query(`SAVEPOINT ${name}`);
    try {
      const result = await work(this);
      await this.client.query(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (e) {
      await this.client.query(`ROLLBACK TO SAVEPOINT ${name}`);
      throw e;
    }
  }
}

/** Waits before each new try to connect after a connection could not be made (the server restarting, a failover). */
export const CONNECT_RETRY_MS = [100, 400, 1600, 3200] as const;

/**
 * A pool connection, tried again with backoff when it cannot be made: nothing was sent yet, so a retry cannot apply
 * a write twice (a statement that fails once sent is the caller's error; PoolDb.query tries a read once more).
 */
async function connect(pool: pg.Pool): Promise<pg.PoolClient> {
  for (let attempt = 0; ; attempt++) {
    try {
      return listened(await pool.connect());
    } catch (e) {
      const delay = CONNECT_RETRY_MS[attempt];
      if (delay === undefined || pool.ended) throw e;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

const withListener = new WeakSet<pg.PoolClient>();

/**
 * A checked-out client whose connection dies emits 'error' (besides failing its query): without a listener that
 * event would end the process. The query's own rejection is what the caller sees.
 */
function listened(client: pg.PoolClient): pg.PoolClient {
  if (!withListener.has(client)) {
    client.on('error', () => {});
    withListener.add(client);
  }
  return client;
}

/** A read: trying it again on another connection cannot apply anything twice. */
const READ = /^\s*SELECT\b/i;

export class PoolDb implements Db {
  constructor(readonly pool: pg.Pool) {}

  async query<R extends object>(text: string, values?: readonly unknown[]): Promise<pg.QueryResult<R & pg.QueryResultRow>> {
    for (let retried = false; ; retried = true) {
      const client = await connect(this.pool);
      let broken = false;
      try {
        return await client.query<R & pg.QueryResultRow>(text, values as unknown[] | undefined);
      } catch (e) {
        broken = isConnectionError(e);
        // an idle connection the server dropped before the pool noticed: a read is tried once more on a new one
        if (!broken || retried || !READ.test(text)) throw e;
      } finally {
        client.release(broken);
      }
    }
  }

  async transaction<T>(work: (db: Db) => Promise<T>): Promise<T> {
    const client = await connect(this.pool);
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await work(new ClientDb(client));
      await client.query('COMMIT');
      return result;
    } catch (e) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true; // the connection itself failed: the pool must not hand it out again
      }
      throw e;
    } finally {
      client.release(broken);
    }
  }
}
