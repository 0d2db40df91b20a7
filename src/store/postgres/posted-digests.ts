// Digests as posted, in PostgreSQL: the brief under its first message (digest_posts), and each later message of a
// split digest pointing at the first (digest_post_parts).
import { Brief, type Platform } from '../../domain.js';
import type { PostedDigests } from '../repositories.js';
import type { Db } from './db.js';

export class PostgresPostedDigests implements PostedDigests {
  constructor(private readonly db: Db) {}

  async record(platform: Platform, channelId: string, messageIds: readonly string[], brief: Brief, now: Date): Promise<void> {
    const [first, ...rest] = messageIds;
    if (first === undefined) return;
    await this.db.transaction(async (db) => {
      // a message recorded as a digest's first is no longer a later part of another
      await db.query('DELETE FROM digest_post_parts WHERE platform = $1 AND channel_id = $2 AND message_id = $3', [platform, channelId, first]);
      // replacing the row drops the parts that pointed at it (as SQLite's INSERT OR REPLACE does, by its cascade)
      await db.query('DELETE FROM digest_posts WHERE platform = $1 AND channel_id = $2 AND message_id = $3', [platform, channelId, first]);
      await db.query(
        `INSERT INTO digest_posts (platform, channel_id, message_id, brief, posted_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (platform, channel_id, message_id) DO UPDATE SET brief = excluded.brief, posted_at = excluded.posted_at`,
        [platform, channelId, first, JSON.stringify(brief), now.toISOString()],
      );
      if (rest.length > 0) {
        await db.query(
          `INSERT INTO digest_post_parts (platform, channel_id, message_id, first_message_id)
           SELECT $1, $2, m, $4 FROM unnest($3::text[]) AS m
           ON CONFLICT (platform, channel_id, message_id) DO UPDATE SET first_message_id = excluded.first_message_id`,
          [platform, channelId, [...new Set(rest)], first],
        );
      }
    });
  }

  async find(platform: Platform, channelId: string, messageId: string): Promise<Brief | undefined> {
    // a later message of a split digest leads to its first message's row
    const { rows } = await this.db.query<{ brief: string }>(
      `SELECT brief FROM digest_posts WHERE platform = $1 AND channel_id = $2 AND message_id = coalesce(
         (SELECT first_message_id FROM digest_post_parts WHERE platform = $1 AND channel_id = $2 AND message_id = $3), $3)`,
      [platform, channelId, messageId],
    );
    const row = rows[0];
    return row ? Brief.parse(JSON.parse(row.brief)) : undefined;
  }
}
