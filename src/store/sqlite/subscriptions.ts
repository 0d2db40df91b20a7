// Subscriptions in SQLite: one row per (platform, workspace, channel, topic); workspace '' where none applies.
import type { Database, Statement } from 'better-sqlite3';
import { Subscription, type ChannelAddress, type NewSubscription } from '../../domain.js';
import type { SyncSubscriptionRepository } from '../repositories.js';

interface SubscriptionRow {
  id: number; platform: string; workspace_id: string; channel_id: string; time_of_day: string; timezone: string; topic: string;
  weekdays_only: number; post_when_empty: number; origin: string; created_by: string | null; paused_reason: string | null;
}

function toSubscription(r: SubscriptionRow): Subscription {
  return Subscription.parse({
    id: r.id, platform: r.platform, workspaceId: r.workspace_id || undefined, channelId: r.channel_id, timeOfDay: r.time_of_day, timezone: r.timezone, topic: r.topic,
    weekdaysOnly: r.weekdays_only === 1, postWhenEmpty: r.post_when_empty === 1, origin: r.origin, createdBy: r.created_by ?? undefined,
    pausedReason: r.paused_reason ?? undefined,
  });
}

export class SqliteSubscriptions implements SyncSubscriptionRepository {
  private readonly s: Record<'upsert' | 'all' | 'forChannel' | 'remove' | 'pause', Statement>;

  constructor(db: Database) {
    this.s = {
      upsert: db.prepare(
        `INSERT INTO subscriptions (platform, workspace_id, channel_id, time_of_day, timezone, topic, weekdays_only, post_when_empty, origin, created_by, created_at)
         VALUES (@platform, @workspaceId, @channelId, @timeOfDay, @timezone, @topic, @weekdaysOnly, @postWhenEmpty, @origin, @createdBy, @createdAt)
         ON CONFLICT (platform, workspace_id, channel_id, topic) DO UPDATE SET time_of_day = excluded.time_of_day, timezone = excluded.timezone,
           weekdays_only = excluded.weekdays_only, post_when_empty = excluded.post_when_empty, paused_reason = NULL, paused_at = NULL
         RETURNING *`,
      ),
      all: db.prepare('SELECT * FROM subscriptions ORDER BY id'),
      forChannel: db.prepare('SELECT * FROM subscriptions WHERE platform = ? AND workspace_id = ? AND channel_id = ? ORDER BY id'),
      pause: db.prepare('UPDATE subscriptions SET paused_reason = ?, paused_at = ? WHERE id = ?'),
      remove: db.prepare('DELETE FROM subscriptions WHERE platform = ? AND workspace_id = ? AND channel_id = ? AND (? IS NULL OR topic = ?)'),
    };
  }

  upsert(sub: NewSubscription, now: Date): Subscription {
    const row = this.s.upsert.get({
      ...sub, workspaceId: sub.workspaceId ?? '', weekdaysOnly: sub.weekdaysOnly ? 1 : 0, postWhenEmpty: sub.postWhenEmpty ? 1 : 0, createdBy: sub.createdBy ?? null, createdAt: now.toISOString(),
    }) as SubscriptionRow;
    return toSubscription(row);
  }

  all(): Subscription[] {
    return (this.s.all.all() as SubscriptionRow[]).map(toSubscription);
  }

  forChannel(c: ChannelAddress): Subscription[] {
    return (this.s.forChannel.all(c.platform, c.workspaceId ?? '', c.channelId) as SubscriptionRow[]).map(toSubscription);
  }

  pause(id: number, reason: string, now: Date): void {
    this.s.pause.run(reason, now.toISOString(), id);
  }

  remove(c: ChannelAddress, topic?: string): number {
    return this.s.remove.run(c.platform, c.workspaceId ?? '', c.channelId, topic ?? null, topic ?? null).changes;
  }
}
