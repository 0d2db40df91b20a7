// The digest delivery ledger in SQLite. Its primary key (subscription, local date) is the claim that makes a
// digest go out once, across restarts and across processes sharing the file.
import type { Database, Statement } from 'better-sqlite3';
import type { Delivery, DeliveryStatus, DeliveryUpdate, SyncDigestLedger } from '../repositories.js';

interface DeliveryRow {
  subscription_id: number; local_date: string; status: DeliveryStatus; claimed_by: string; attempts: number;
  window_from: string | null; window_to: string | null; error: string | null;
}

export class SqliteDigestLedger implements SyncDigestLedger {
  private readonly s: Record<'claim' | 'reclaim' | 'release' | 'setStatus' | 'abandonSending' | 'get' | 'lastWindowEnd', Statement>;

  constructor(db: Database) {
    this.s = {
      claim: db.prepare(
        `INSERT INTO digest_deliveries (subscription_id, local_date, status, claimed_by, claimed_at) VALUES (?, ?, 'claimed', ?, ?)
         ON CONFLICT (subscription_id, local_date) DO NOTHING`,
      ),
      // a claim whose owner died before sending anything is taken over once its lease has run out
      reclaim: db.prepare(
        `UPDATE digest_deliveries SET claimed_by = ?, claimed_at = ? WHERE subscription_id = ? AND local_date = ? AND status = 'claimed' AND claimed_at < ?`,
      ),
      // the epoch as claim time: a lease that has run out
      release: db.prepare(
        `UPDATE digest_deliveries SET status = 'claimed', claimed_at = '1970-01-01T00:00:00.000Z', finished_at = NULL
         WHERE subscription_id = ? AND local_date = ? AND claimed_by = ? AND status IN ('claimed', 'sending')`,
      ),
      setStatus: db.prepare(
        `UPDATE digest_deliveries SET status = @status, finished_at = @at, window_from = coalesce(@windowFrom, window_from),
           window_to = coalesce(@windowTo, window_to), attempts = attempts + @attempts, error = @error
         WHERE subscription_id = @subscriptionId AND local_date = @localDate AND claimed_by = @owner`,
      ),
      // sending was interrupted: whether the platform got it is unknown, so it is never re-sent automatically.
      // finished_at holds the time of the last status change, here the move to 'sending'.
      abandonSending: db.prepare(
        `UPDATE digest_deliveries SET status = 'uncertain', error = 'interrupted while sending'
         WHERE status = 'sending' AND coalesce(finished_at, claimed_at) < ? RETURNING subscription_id, local_date`,
      ),
      get: db.prepare('SELECT * FROM digest_deliveries WHERE subscription_id = ? AND local_date = ?'),
      lastWindowEnd: db.prepare(`SELECT max(window_to) AS t FROM digest_deliveries WHERE subscription_id = ? AND status IN ('delivered', 'skipped')`),
    };
  }

  claim(subscriptionId: number, localDate: string, owner: string, now: Date, leaseMs: number): boolean {
    const at = now.toISOString();
    if (this.s.claim.run(subscriptionId, localDate, owner, at).changes === 1) return true;
    return this.s.reclaim.run(owner, at, subscriptionId, localDate, new Date(now.getTime() - leaseMs).toISOString()).changes === 1;
  }

  release(subscriptionId: number, localDate: string, owner: string): boolean {
    return this.s.release.run(subscriptionId, localDate, owner).changes === 1;
  }

  setStatus(d: DeliveryUpdate): boolean {
    return this.s.setStatus.run({
      subscriptionId: d.subscriptionId, localDate: d.localDate, owner: d.owner, status: d.status, at: d.now.toISOString(),
      windowFrom: d.windowFrom ?? null, windowTo: d.windowTo ?? null, attempts: d.attempts ?? 0, error: d.error ?? null,
    }).changes === 1;
  }

  abandonInterrupted(olderThan: Date): { subscriptionId: number; localDate: string }[] {
    return (this.s.abandonSending.all(olderThan.toISOString()) as { subscription_id: number; local_date: string }[])
      .map((r) => ({ subscriptionId: r.subscription_id, localDate: r.local_date }));
  }

  delivery(subscriptionId: number, localDate: string): Delivery | undefined {
    const r = this.s.get.get(subscriptionId, localDate) as DeliveryRow | undefined;
    return r && {
      subscriptionId: r.subscription_id, localDate: r.local_date, status: r.status, claimedBy: r.claimed_by, attempts: r.attempts,
      windowFrom: r.window_from ?? undefined, windowTo: r.window_to ?? undefined, error: r.error ?? undefined,
    };
  }

  lastWindowEnd(subscriptionId: number): string | undefined {
    return (this.s.lastWindowEnd.get(subscriptionId) as { t: string | null }).t ?? undefined;
  }
}
