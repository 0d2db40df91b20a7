// Deliveries already taken on, in PostgreSQL: one row per (platform, key). A claim inserts every key in one
// transaction (a savepoint inside the inbox's): the primary key decides between processes given the same delivery,
// the later one waiting for the earlier's keys to commit (or roll back) before it finds them taken.
import type { Platform } from '../../domain.js';
import type { HandledEvents } from '../repositories.js';
import type { Db } from './db.js';

/** Thrown inside the claim's transaction to undo the keys it recorded when one was taken already. */
class Taken extends Error {}

/**
 * claim() on `db` (a pool, or a transaction the caller holds: the inbox's). The keys are inserted in sorted order,
 * so that two claims sharing several keys wait for each other in the same order instead of deadlocking.
 */
export async function claimKeys(db: Db, platform: Platform, keys: readonly string[], now: Date): Promise<boolean> {
  const unique = [...new Set(keys)].sort();
  if (unique.length === 0) return true;
  try {
    await db.transaction(async (tx) => {
      const { rowCount } = await tx.query(
        `INSERT INTO handled_events (platform, key, handled_at) SELECT $1, k, $3 FROM unnest($2::text[]) WITH ORDINALITY AS u (k, n) ORDER BY n
         ON CONFLICT (platform, key) DO NOTHING`,
        [platform, unique, now.toISOString()],
      );
      if (rowCount !== unique.length) throw new Taken();
    });
    return true;
  } catch (e) {
    if (e instanceof Taken) return false;
    throw e;
  }
}

export class PostgresHandledEvents implements HandledEvents {
  constructor(private readonly db: Db) {}

  claim(platform: Platform, keys: readonly string[], now: Date): Promise<boolean> {
    return claimKeys(this.db, platform, keys, now);
  }

  async prune(before: Date): Promise<number> {
    const { rowCount } = await this.db.query('DELETE FROM handled_events WHERE handled_at < $1', [before.toISOString()]);
    return rowCount ?? 0;
  }
}
