// Subscriptions and the delivery ledger, in the store's SQLite database. The ledger's primary key
// (subscription, local date) is what makes a digest go out once, across restarts and across processes.
import type { Database, Statement } from 'better-sqlite3';
import { z } from 'zod';
import { Brief } from '../domain.js';

export const Subscription = z.object({
  id: z.number().int(),
  platform: z.enum(['slack', 'discord', 'console']),
  channelId: z.string().min(1),
  timeOfDay: z.string().regex(/^\d{2}:\d{2}$/),
  timezone: z.string(),
  topic: z.string(),
  weekdaysOnly: z.boolean(),
  postWhenEmpty: z.boolean(),
  origin: z.enum(['chat', 'config']),
  createdBy: z.string().optional(),
});
export type Subscription = z.infer<typeof Subscription>;
export type NewSubscription = Omit<Subscription, 'id'>;

export type DeliveryStatus = 'claimed' | 'sending' | 'delivered' | 'skipped' | 'failed' | 'uncertain';

export interface Delivery {
  subscriptionId: number;
  localDate: string;
  status: DeliveryStatus;
  claimedBy: string;
  attempts: number;
  windowFrom?: string;
  windowTo?: string;
  error?: string;
}

interface SubscriptionRow {
  id: number; platform: string; channel_id: string; time_of_day: string; timezone: string; topic: string;
  weekdays_only: number; post_when_empty: number; origin: string; created_by: string | null;
}

function toSubscription(r: SubscriptionRow): Subscription {
  return Subscription.parse({
    id: r.id, platform: r.platform, channelId: r.channel_id, timeOfDay: r.time_of_day, timezone: r.timezone, topic: r.topic,
    weekdaysOnly: r.weekdays_only === 1, postWhenEmpty: r.post_when_empty === 1, origin: r.origin, createdBy: r.created_by ?? undefined,
  });
}

export class DigestRepository {
  private readonly s: Record<string, Statement>;

  constructor(private readonly db: Database) {
    this.s = {
      upsert: db.prepare(
        `INSERT INTO subscriptions (platform, channel_id, time_of_day, timezone, topic, weekdays_only, post_when_empty, origin, created_by, created_at)
         VALUES (@platform, @channelId, @timeOfDay, @timezone, @topic, @weekdaysOnly, @postWhenEmpty, @origin, @createdBy, @createdAt)
         ON CONFLICT (platform, channel_id, topic) DO UPDATE SET time_of_day = excluded.time_of_day, timezone = excluded.timezone,
           weekdays_only = excluded.weekdays_only, post_when_empty = excluded.post_when_empty
         RETURNING *`,
      ),
      all: db.prepare('SELECT * FROM subscriptions ORDER BY id'),
      forChannel: db.prepare('SELECT * FROM subscriptions WHERE platform = ? AND channel_id = ? ORDER BY id'),
      remove: db.prepare('DELETE FROM subscriptions WHERE platform = ? AND channel_id = ? AND (? IS NULL OR topic = ?)'),
      claim: db.prepare(
        `INSERT INTO digest_deliveries (subscription_id, local_date, status, claimed_by, claimed_at) VALUES (?, ?, 'claimed', ?, ?)
         ON CONFLICT (subscription_id, local_date) DO NOTHING`,
      ),
      // a claim whose owner died before sending anything is taken over once its lease has run out
      reclaim: db.prepare(
        `UPDATE digest_deliveries SET claimed_by = ?, claimed_at = ? WHERE subscription_id = ? AND local_date = ? AND status = 'claimed' AND claimed_at < ?`,
      ),
      setStatus: db.prepare(
        `UPDATE digest_deliveries SET status = @status, finished_at = @at, window_from = coalesce(@windowFrom, window_from),
           window_to = coalesce(@windowTo, window_to), attempts = attempts + @attempts, error = @error
         WHERE subscription_id = @subscriptionId AND local_date = @localDate AND claimed_by = @owner`,
      ),
      // sending was interrupted: whether the platform got it is unknown, so it is never re-sent automatically
      abandonSending: db.prepare(`UPDATE digest_deliveries SET status = 'uncertain', error = 'interrupted while sending' WHERE status = 'sending' AND claimed_at < ? RETURNING subscription_id, local_date`),
      get: db.prepare('SELECT * FROM digest_deliveries WHERE subscription_id = ? AND local_date = ?'),
      recordPost: db.prepare('INSERT OR REPLACE INTO digest_posts (platform, channel_id, message_id, brief, posted_at) VALUES (?, ?, ?, ?, ?)'),
      recordPart: db.prepare('INSERT OR REPLACE INTO digest_post_parts (platform, channel_id, message_id, first_message_id) VALUES (?, ?, ?, ?)'),
      // a later message of a split digest leads to its first message's row
      post: db.prepare(
        `SELECT brief FROM digest_posts WHERE platform = @platform AND channel_id = @channelId AND message_id = coalesce(
           (SELECT first_message_id FROM digest_post_parts WHERE platform = @platform AND channel_id = @channelId AND message_id = @messageId), @messageId)`,
      ),
      lastWindowEnd: db.prepare(`SELECT max(window_to) AS t FROM digest_deliveries WHERE subscription_id = ? AND status IN ('delivered', 'skipped')`),
    };
  }

  upsert(sub: NewSubscription, now: Date): Subscription {
    const row = this.s.upsert!.get({
      ...sub, weekdaysOnly: sub.weekdaysOnly ? 1 : 0, postWhenEmpty: sub.postWhenEmpty ? 1 : 0, createdBy: sub.createdBy ?? null, createdAt: now.toISOString(),
    }) as SubscriptionRow;
    return toSubscription(row);
  }

  all(): Subscription[] {
    return (this.s.all!.all() as SubscriptionRow[]).map(toSubscription);
  }

  forChannel(platform: string, channelId: string): Subscription[] {
    return (this.s.forChannel!.all(platform, channelId) as SubscriptionRow[]).map(toSubscription);
  }

  remove(platform: string, channelId: string, topic?: string): number {
    return this.s.remove!.run(platform, channelId, topic ?? null, topic ?? null).changes;
  }

  /** True when this owner now holds the (subscription, date) claim. */
  claim(subscriptionId: number, localDate: string, owner: string, now: Date, leaseMs: number): boolean {
    const at = now.toISOString();
    if (this.s.claim!.run(subscriptionId, localDate, owner, at).changes === 1) return true;
    return this.s.reclaim!.run(owner, at, subscriptionId, localDate, new Date(now.getTime() - leaseMs).toISOString()).changes === 1;
  }

  setStatus(d: { subscriptionId: number; localDate: string; owner: string; status: DeliveryStatus; now: Date; windowFrom?: string; windowTo?: string; attempts?: number; error?: string }): void {
    this.s.setStatus!.run({
      subscriptionId: d.subscriptionId, localDate: d.localDate, owner: d.owner, status: d.status, at: d.now.toISOString(),
      windowFrom: d.windowFrom ?? null, windowTo: d.windowTo ?? null, attempts: d.attempts ?? 0, error: d.error ?? null,
    });
  }

  abandonInterrupted(olderThan: Date): { subscriptionId: number; localDate: string }[] {
    return (this.s.abandonSending!.all(olderThan.toISOString()) as { subscription_id: number; local_date: string }[])
      .map((r) => ({ subscriptionId: r.subscription_id, localDate: r.local_date }));
  }

  delivery(subscriptionId: number, localDate: string): Delivery | undefined {
    const r = this.s.get!.get(subscriptionId, localDate) as
      | { subscription_id: number; local_date: string; status: DeliveryStatus; claimed_by: string; attempts: number; window_from: string | null; window_to: string | null; error: string | null }
      | undefined;
    return r && {
      subscriptionId: r.subscription_id, localDate: r.local_date, status: r.status, claimedBy: r.claimed_by, attempts: r.attempts,
      windowFrom: r.window_from ?? undefined, windowTo: r.window_to ?? undefined, error: r.error ?? undefined,
    };
  }

  /** Records a posted digest under every one of its messages (`messageIds`, first first). */
  recordPost(platform: string, channelId: string, messageIds: readonly string[], brief: Brief, now: Date): void {
    const [first, ...rest] = messageIds;
    if (first === undefined) return;
    this.db.transaction(() => {
      this.s.recordPost!.run(platform, channelId, first, JSON.stringify(brief), now.toISOString());
      for (const id of rest) this.s.recordPart!.run(platform, channelId, id, first);
    })();
  }

  /** The digest that `messageId` (a thread's root, or a message replied to) is part of, if it is one. */
  postedBrief(platform: string, channelId: string, messageId: string): Brief | undefined {
    const row = this.s.post!.get({ platform, channelId, messageId }) as { brief: string } | undefined;
    return row ? Brief.parse(JSON.parse(row.brief)) : undefined;
  }

  /** End of the window covered by the last digest that went out (or was skipped as empty). */
  lastWindowEnd(subscriptionId: number): string | undefined {
    return (this.s.lastWindowEnd!.get(subscriptionId) as { t: string | null }).t ?? undefined;
  }
}
