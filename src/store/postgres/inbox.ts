// The inbox in PostgreSQL: accepting records the delivery's keys (claimKeys) and the delivery in one transaction,
// so of two processes given the same delivery one records it; a take-over is a compare-and-set on the owner.
import { z } from 'zod';
import { Platform } from '../../domain.js';
import type { Inbox, InboxItem } from '../repositories.js';
import type { Db } from './db.js';
import { claimKeys } from './handled-events.js';

const Row = z.object({
  id: z.coerce.number().int(),
  platform: Platform,
  payload: z.string(),
  received_at: z.date(),
  owner: z.string(),
  lease_until: z.date(),
  attempts: z.number().int(),
  progress: z.number().int(),
});

export class PostgresInbox implements Inbox {
  constructor(private readonly db: Db) {}

  accept(platform: Platform, keys: readonly string[], payload: string, owner: string, now: Date, leaseMs: number): Promise<number | undefined> {
    return this.db.transaction(async (db) => {
      if (!(await claimKeys(db, platform, keys, now))) return undefined;
      const { rows } = await db.query<{ id: string }>(
        'INSERT INTO inbox (platform, payload, received_at, owner, lease_until) VALUES ($1, $2, $3, $4, $5) RETURNING id',
        [platform, payload, now.toISOString(), owner, new Date(now.getTime() + leaseMs).toISOString()],
      );
      return Number(rows[0]!.id);
    });
  }

  async finish(id: number, now: Date): Promise<void> {
    await this.db.query('UPDATE inbox SET finished_at = $2 WHERE id = $1 AND finished_at IS NULL', [id, now.toISOString()]);
  }

  async progress(id: number, steps: number): Promise<void> {
    await this.db.query('UPDATE inbox SET progress = $2 WHERE id = $1', [id, steps]);
  }

  async unfinished(platform: Platform, owner: string, since: Date, limit: number): Promise<InboxItem[]> {
    const { rows } = await this.db.query(
      `SELECT id, platform, payload, received_at, owner, lease_until, attempts, progress FROM inbox
       WHERE platform = $1 AND finished_at IS NULL AND owner <> $2 AND received_at >= $3 ORDER BY received_at, id LIMIT $4`,
      [platform, owner, since.toISOString(), limit],
    );
    return rows.map((r) => {
      const row = Row.parse(r);
      return {
        id: row.id, platform: row.platform, payload: row.payload, receivedAt: row.received_at.toISOString(), owner: row.owner,
        leaseUntil: row.lease_until.toISOString(), attempts: row.attempts, progress: row.progress,
      };
    });
  }

  async take(id: number, from: string, to: string, now: Date, leaseMs: number): Promise<boolean> {
    const { rowCount } = await this.db.query(
      'UPDATE inbox SET owner = $3, lease_until = $4, attempts = attempts + 1 WHERE id = $1 AND owner = $2 AND finished_at IS NULL',
      [id, from, to, new Date(now.getTime() + leaseMs).toISOString()],
    );
    return rowCount === 1;
  }

  async prune(before: Date): Promise<number> {
    const { rowCount } = await this.db.query('DELETE FROM inbox WHERE received_at < $1', [before.toISOString()]);
    return rowCount ?? 0;
  }
}
