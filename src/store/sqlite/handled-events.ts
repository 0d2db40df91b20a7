// Deliveries already taken on, in SQLite: one row per (platform, key); claiming is one IMMEDIATE transaction, so
// two processes given the same event agree on which of them answers it.
import type { Database, Statement, Transaction } from 'better-sqlite3';
import type { Platform } from '../../domain.js';
import type { SyncHandledEvents } from '../repositories.js';

export class SqliteHandledEvents implements SyncHandledEvents {
  private readonly s: Record<'seen' | 'record' | 'prune', Statement>;
  private readonly claimTx: Transaction<(platform: Platform, keys: readonly string[], at: string) => boolean>;

  constructor(db: Database) {
    this.s = {
      seen: db.prepare('SELECT 1 FROM handled_events WHERE platform = ? AND key = ?').pluck(),
      record: db.prepare('INSERT OR IGNORE INTO handled_events (platform, key, handled_at) VALUES (?, ?, ?)'),
      prune: db.prepare('DELETE FROM handled_events WHERE handled_at < ?'),
    };
    this.claimTx = db.transaction((platform, keys, at) => this.claimIn(platform, keys, new Date(at)));
  }

  /** claim() inside a transaction the caller holds (the inbox's). */
  claimIn(platform: Platform, keys: readonly string[], now: Date): boolean {
    const at = now.toISOString();
    if (keys.some((k) => this.s.seen!.get(platform, k) !== undefined)) return false;
    for (const k of keys) this.s.record!.run(platform, k, at);
    return true;
  }

  claim(platform: Platform, keys: readonly string[], now: Date): boolean {
    return this.claimTx.immediate(platform, keys, now.toISOString());
  }

  prune(before: Date): number {
    return this.s.prune!.run(before.toISOString()).changes;
  }
}
