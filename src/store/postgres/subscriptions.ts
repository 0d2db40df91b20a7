// Subscriptions in PostgreSQL: one row per (platform, workspace, channel, topic); workspace '' where none applies.
import { Subscription, type ChannelAddress, type NewSubscription } from '../../domain.js';
import type { SubscriptionRepository } from '../repositories.js';
import type { Db } from './db.js';

interface SubscriptionRow {
  id: string; platform: string; workspace_id: string; channel_id: string; time_of_day: string; timezone: string; topic: string;
  weekdays_only: boolean; post_when_empty: boolean; origin: string; created_by: string | null; paused_reason: string | null;
}

const COLUMNS = 'id, platform, workspace_id, channel_id, time_of_day, timezone, topic, weekdays_only, post_when_empty, origin, created_by, paused_reason';

function toSubscription(r: SubscriptionRow): Subscription {
  return Subscription.parse({
    id: Number(r.id), platform: r.platform, workspaceId: r.workspace_id || undefined, channelId: r.channel_id, timeOfDay: r.time_of_day,
    timezone: r.timezone, topic: r.topic, weekdaysOnly: r.weekdays_only, postWhenEmpty: r.post_when_empty, origin: r.origin,
    createdBy: r.created_by ?? undefined, pausedReason: r.paused_reason ?? undefined,
  });
}

export class PostgresSubscriptions implements SubscriptionRepository {
  constructor(private readonly db: Db) {}

  async upsert(sub: NewSubscription, now: Date): Promise<Subscription> {
    const { rows } = await this.db.query<SubscriptionRow>(
      `INSERT INTO subscriptions (platform, workspace_id, channel_id, time_of_day, timezone, topic, weekdays_only, post_when_empty, origin, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (platform, workspace_id, channel_id, topic) DO UPDATE SET time_of_day = excluded.time_of_day, timezone = excluded.timezone,
         weekdays_only = excluded.weekdays_only, post_when_empty = excluded.post_when_empty, paused_reason = NULL, paused_at = NULL
       RETURNING ${COLUMNS}`,
      [sub.platform, sub.workspaceId ?? '', sub.channelId, sub.timeOfDay, sub.timezone, sub.topic, sub.weekdaysOnly, sub.postWhenEmpty,
        sub.origin, sub.createdBy ?? null, now.toISOString()],
    );
    return toSubscription(rows[0]!);
  }

  async pause(id: number, reason: string, now: Date): Promise<void> {
    await this.db.query('UPDATE subscriptions SET paused_reason = $1, paused_at = $2 WHERE id = $3', [reason, now.toISOString(), id]);
  }

  async all(): Promise<Subscription[]> {
    const { rows } = await this.db.query<SubscriptionRow>(`SELECT ${COLUMNS} FROM subscriptions ORDER BY id`);
    return rows.map(toSubscription);
  }

  async forChannel(c: ChannelAddress): Promise<Subscription[]> {
    const { rows } = await this.db.query<SubscriptionRow>(
      `SELECT ${COLUMNS} FROM subscriptions WHERE platform = $1 AND workspace_id = $2 AND channel_id = $3 ORDER BY id`,
      [c.platform, c.workspaceId ?? '', c.channelId],
    );
    return rows.map(toSubscription);
  }

  async remove(c: ChannelAddress, topic?: string): Promise<number> {
    const { rowCount } = await this.db.query(
      'DELETE FROM subscriptions WHERE platform = $1 AND workspace_id = $2 AND channel_id = $3 AND ($4::text IS NULL OR topic = $4::text)',
      [c.platform, c.workspaceId ?? '', c.channelId, topic ?? null],
    );
    return rowCount ?? 0;
  }
}
