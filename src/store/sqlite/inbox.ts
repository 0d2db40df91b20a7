// The inbox in SQLite: accepting is one IMMEDIATE transaction with the delivery's keys (SqliteHandledEvents), so
// of two processes given the same delivery one records it; a take-over is a compare-and-set on the owner.
import type { Database, Statement, Transaction } from 'better-sqlite3';
import { z } from 'zod';
import { Platform } from '../../domain.js';
import type { SyncInbox, InboxItem } from '../repositories.js';
import type { SqliteHandledEvents } from './handled-events.js';

const Row = z.object({
  id: z.number().int(),
  platform: Platform,
  payload: z.string(),
  received_at: z.string(),
  owner: z.string(),
  lease_until: z.string(),
  attempts: z.number().int(),
  progress: z.number().int(),
});

type Accept = (platform: Platform, keys: readonly string[], payload: string, owner: string, now: Date, leaseMs: number) => number | undefined;

export class SqliteInbox implements SyncInbox {
  private readonly s: Record<'insert' | 'finish' | 'progress' | 'unfinished' | 'take' | 'prune', Statement>;
  private readonly acceptTx: Transaction<Accept>;

  constructor(db: Database, events: SqliteHandledEvents) {
    this.s = {
      insert: db.prepare('INSERT INTO inbox (platform, payload, received_at, owner, lease_until) VALUES (?, ?, ?, ?, ?)'),
      finish: db.prepare('UPDATE inbox SET finished_at = ? WHERE id = ? AND finished_at IS NULL'),
      progress: db.prepare('UPDATE inbox SET progress = ? WHERE id = ?'),
      unfinished: db.prepare(
        `SELECT id, platform, payload, received_at, owner, lease_until, attempts, progress FROM inbox
         WHERE platform = ? AND finished_at IS NULL AND owner <> ? AND received_at >= ? ORDER BY received_at, id LIMIT ?`,
      ),
      take: db.prepare('UPDATE inbox SET owner = ?, lease_until = ?, attempts = attempts + 1 WHERE id = ? AND owner = ? AND finished_at IS NULL'),
      prune: db.prepare('DELETE FROM inbox WHERE received_at < ?'),
    };
    this.acceptTx = db.transaction((platform, keys, payload, owner, now, leaseMs) => {
      if (!events.claimIn(platform, keys, now)) return undefined;
      const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
      return Number(this.s.insert!.run(platform, payload, now.toISOString(), owner, leaseUntil).lastInsertRowid);
    });
  }

  accept(...args: Parameters<Accept>): number | undefined {
    return this.acceptTx.immediate(...args);
  }

  finish(id: number, now: Date): void {
    this.s.finish!.run(now.toISOString(), id);
  }

  progress(id: number, steps: number): void {
    this.s.progress!.run(steps, id);
  }

  unfinished(platform: Platform, owner: string, since: Date, limit: number): InboxItem[] {
    return this.s.unfinished!.all(platform, owner, since.toISOString(), limit).map((r) => {
      const row = Row.parse(r);
      return { id: row.id, platform: row.platform, payload: row.payload, receivedAt: row.received_at, owner: row.owner, leaseUntil: row.lease_until, attempts: row.attempts, progress: row.progress };
    });
  }

  take(id: number, from: string, to: string, now: Date, leaseMs: number): boolean {
    return this.s.take!.run(to, new Date(now.getTime() + leaseMs).toISOString(), id, from).changes === 1;
  }

  prune(before: Date): number {
    return this.s.prune!.run(before.toISOString()).changes;
  }
}
