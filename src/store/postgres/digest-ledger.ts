// The digest delivery ledger in PostgreSQL. Its primary key (subscription, local date) is the claim that makes a
// digest go out once, across restarts and across processes sharing the database: a claim is one INSERT … ON
// CONFLICT whose update (the take-over of a claim whose lease ran out) is conditional, so of several processes
// claiming at once exactly one gets it (the others wait on the row and then find the lease fresh).
import type { Delivery, DeliveryStatus, DeliveryUpdate, DigestLedger } from '../repositories.js';
import type { Db } from './db.js';

interface DeliveryRow {
  subscription_id: string; local_date: string; status: DeliveryStatus; claimed_by: string; attempts: number;
  window_from: string | null; window_to: string | null; error: string | null;
}

export class PostgresDigestLedger implements DigestLedger {
  constructor(private readonly db: Db) {}

  async claim(subscriptionId: number, localDate: string, owner: string, now: Date, leaseMs: number): Promise<boolean> {
    // a claim whose owner died before sending anything is taken over once its lease has run out
    const { rowCount } = await this.db.query(
      `INSERT INTO digest_deliveries AS d (subscription_id, local_date, status, claimed_by, claimed_at) VALUES ($1, $2, 'claimed', $3, $4)
       ON CONFLICT (subscription_id, local_date) DO UPDATE SET claimed_by = excluded.claimed_by, claimed_at = excluded.claimed_at
       WHERE d.status = 'claimed' AND d.claimed_at < $5`,
      [subscriptionId, localDate, owner, now.toISOString(), new Date(now.getTime() - leaseMs).toISOString()],
    );
    return rowCount === 1;
  }

  async release(subscriptionId: number, localDate: string, owner: string): Promise<boolean> {
    // the epoch as claim time: a lease that has run out
    const { rowCount } = await this.db.query(
      `UPDATE digest_deliveries SET status = 'claimed', claimed_at = '1970-01-01T00:00:00.000Z', finished_at = NULL
       WHERE subscription_id = $1 AND local_date = $2 AND claimed_by = $3 AND status IN ('claimed', 'sending')`,
      [subscriptionId, localDate, owner],
    );
    return rowCount === 1;
  }

  async setStatus(d: DeliveryUpdate): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `UPDATE digest_deliveries SET status = $4, finished_at = $5, window_from = coalesce($6, window_from), window_to = coalesce($7, window_to),
         attempts = attempts + $8, error = $9
       WHERE subscription_id = $1 AND local_date = $2 AND claimed_by = $3`,
      [d.subscriptionId, d.localDate, d.owner, d.status, d.now.toISOString(), d.windowFrom ?? null, d.windowTo ?? null, d.attempts ?? 0, d.error ?? null],
    );
    return rowCount === 1;
  }

  async abandonInterrupted(olderThan: Date): Promise<{ subscriptionId: number; localDate: string }[]> {
    // sending was interrupted: whether the platform got it is unknown, so it is never re-sent automatically.
    // finished_at holds the time of the last status change, here the move to 'sending'.
    const { rows } = await this.db.query<{ subscription_id: string; local_date: string }>(
      `WITH abandoned AS (
         UPDATE digest_deliveries SET status = 'uncertain', error = 'interrupted while sending'
         WHERE status = 'sending' AND coalesce(finished_at, claimed_at) < $1 RETURNING subscription_id, local_date)
       SELECT subscription_id, local_date FROM abandoned ORDER BY subscription_id, local_date`,
      [olderThan.toISOString()],
    );
    return rows.map((r) => ({ subscriptionId: Number(r.subscription_id), localDate: r.local_date }));
  }

  async delivery(subscriptionId: number, localDate: string): Promise<Delivery | undefined> {
    const { rows } = await this.db.query<DeliveryRow>(
      `SELECT subscription_id, local_date, status, claimed_by, attempts, window_from, window_to, error FROM digest_deliveries
       WHERE subscription_id = $1 AND local_date = $2`,
      [subscriptionId, localDate],
    );
    const r = rows[0];
    return r && {
      subscriptionId: Number(r.subscription_id), localDate: r.local_date, status: r.status, claimedBy: r.claimed_by, attempts: r.attempts,
      windowFrom: r.window_from ?? undefined, windowTo: r.window_to ?? undefined, error: r.error ?? undefined,
    };
  }

  async lastWindowEnd(subscriptionId: number): Promise<string | undefined> {
    const { rows } = await this.db.query<{ t: string | null }>(
      `SELECT max(window_to) AS t FROM digest_deliveries WHERE subscription_id = $1 AND status IN ('delivered', 'skipped')`,
      [subscriptionId],
    );
    return rows[0]?.t ?? undefined;
  }
}
