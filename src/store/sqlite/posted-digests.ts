// Digests as posted, in SQLite: the brief under its first message (digest_posts), and each later message of a
// split digest pointing at the first (digest_post_parts).
import type { Database, Statement } from 'better-sqlite3';
import { Brief, type Platform } from '../../domain.js';
import type { SyncPostedDigests } from '../repositories.js';

export class SqlitePostedDigests implements SyncPostedDigests {
  private readonly s: Record<'recordPost' | 'forgetPart' | 'recordPart' | 'find', Statement>;

  constructor(private readonly db: Database) {
    this.s = {
      recordPost: db.prepare('INSERT OR REPLACE INTO digest_posts (platform, channel_id, message_id, brief, posted_at) VALUES (?, ?, ?, ?, ?)'),
      // a message recorded as a digest's first is no longer a later part of another
      forgetPart: db.prepare('DELETE FROM digest_post_parts WHERE platform = ? AND channel_id = ? AND message_id = ?'),
      recordPart: db.prepare('INSERT OR REPLACE INTO digest_post_parts (platform, channel_id, message_id, first_message_id) VALUES (?, ?, ?, ?)'),
      // a later message of a split digest leads to its first message's row
      find: db.prepare(
        `SELECT brief FROM digest_posts WHERE platform = @platform AND channel_id = @channelId AND message_id = coalesce(
           (SELECT first_message_id FROM digest_post_parts WHERE platform = @platform AND channel_id = @channelId AND message_id = @messageId), @messageId)`,
      ),
    };
  }

  record(platform: Platform, channelId: string, messageIds: readonly string[], brief: Brief, now: Date): void {
    const [first, ...rest] = messageIds;
    if (first === undefined) return;
    this.db.transaction(() => {
      this.s.forgetPart.run(platform, channelId, first);
      this.s.recordPost.run(platform, channelId, first, JSON.stringify(brief), now.toISOString());
      for (const id of rest) this.s.recordPart.run(platform, channelId, id, first);
    }).immediate();
  }

  find(platform: Platform, channelId: string, messageId: string): Brief | undefined {
    const row = this.s.find.get({ platform, channelId, messageId }) as { brief: string } | undefined;
    return row ? Brief.parse(JSON.parse(row.brief)) : undefined;
  }
}
