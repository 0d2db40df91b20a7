// Feedback in PostgreSQL: what each 👍/👎 button rates, keyed by platform and the short key the button carries,
// each user's last vote on it, and the record of votes. The citations are JSON text, validated on the way out.
import { Feedback, FeedbackContext, type Vote } from '../../domain.js';
import type { FeedbackRepository } from '../repositories.js';
import type { Db } from './db.js';
import { FeedbackContextRow, FeedbackRow, toFeedbackContext } from '../rows.js';

export class PostgresFeedback implements FeedbackRepository {
  constructor(private readonly db: Db, private readonly now: () => Date = () => new Date()) {}

  async remember(platform: string, key: string, context: FeedbackContext): Promise<void> {
    const c = FeedbackContext.parse(context);
    await this.db.query(
      'INSERT INTO feedback_contexts (platform, key, kind, question, answer_text, citations, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [platform, key, c.kind, c.question ?? null, c.answerText, JSON.stringify(c.citations), this.now().toISOString()],
    );
  }

  async context(platform: string, key: string): Promise<FeedbackContext | undefined> {
    const { rows } = await this.db.query('SELECT kind, question, answer_text, citations FROM feedback_contexts WHERE platform = $1 AND key = $2', [platform, key]);
    return rows[0] === undefined ? undefined : toFeedbackContext(FeedbackContextRow.parse(rows[0]));
  }

  async vote(platform: string, key: string, userId: string, vote: Vote): Promise<boolean> {
    // a repeat of the user's last vote changes nothing (no row); the other vote replaces it
    const { rowCount } = await this.db.query(
      `INSERT INTO feedback_votes AS v (platform, key, user_id, vote, at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (platform, key, user_id) DO UPDATE SET vote = excluded.vote, at = excluded.at WHERE v.vote <> excluded.vote`,
      [platform, key, userId, vote, this.now().toISOString()],
    );
    return rowCount === 1;
  }

  async record(feedback: Feedback): Promise<void> {
    const f = Feedback.parse(feedback);
    await this.db.query(
      'INSERT INTO feedback (at, platform, workspace_id, user_id, vote, kind, question, answer_text, citations) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
      [this.now().toISOString(), f.platform, f.workspaceId ?? null, f.userId, f.vote, f.kind, f.question ?? null, f.answerText, JSON.stringify(f.citations)],
    );
  }

  async all(): Promise<Feedback[]> {
    const { rows } = await this.db.query('SELECT platform, workspace_id, user_id, vote, kind, question, answer_text, citations FROM feedback ORDER BY id');
    return rows.map((raw) => {
      const r = FeedbackRow.parse(raw);
      return { ...toFeedbackContext(r), platform: r.platform, ...(r.workspace_id === null ? {} : { workspaceId: r.workspace_id }), userId: r.user_id, vote: r.vote };
    });
  }

  async prune(before: Date): Promise<number> {
    const { rowCount } = await this.db.query('DELETE FROM feedback_contexts WHERE created_at < $1', [before.toISOString()]);
    return rowCount ?? 0;
  }
}
