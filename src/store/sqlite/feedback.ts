// Feedback in SQLite: what each 👍/👎 button rates, keyed by platform and the short key the button carries
// (Slack and Discord limit a button's value, so the question, answer and citations cannot ride in it), each
// user's last vote on it, and the record of votes. Kept on disk so a vote cast after a restart keeps its citations.
import type { Database, Statement } from 'better-sqlite3';
import { Feedback, FeedbackContext, type Vote } from '../../domain.js';
import type { SyncFeedbackRepository } from '../repositories.js';
import { FeedbackContextRow, FeedbackRow, toFeedbackContext } from '../rows.js';

export class SqliteFeedback implements SyncFeedbackRepository {
  private readonly s: Record<'insert' | 'get' | 'vote' | 'prune' | 'record' | 'all', Statement>;

  constructor(db: Database, private readonly now: () => Date = () => new Date()) {
    this.s = {
      insert: db.prepare(
        `INSERT INTO feedback_contexts (platform, key, kind, question, answer_text, citations, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      get: db.prepare('SELECT kind, question, answer_text, citations FROM feedback_contexts WHERE platform = ? AND key = ?'),
      // a repeat of the user's last vote changes nothing (changes = 0); the other vote replaces it
      vote: db.prepare(
        `INSERT INTO feedback_votes (platform, key, user_id, vote, at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (platform, key, user_id) DO UPDATE SET vote = excluded.vote, at = excluded.at WHERE feedback_votes.vote <> excluded.vote`,
      ),
      prune: db.prepare('DELETE FROM feedback_contexts WHERE created_at < ?'),
      record: db.prepare(
        `INSERT INTO feedback (at, platform, workspace_id, user_id, vote, kind, question, answer_text, citations) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      all: db.prepare('SELECT platform, workspace_id, user_id, vote, kind, question, answer_text, citations FROM feedback ORDER BY id'),
    };
  }

  remember(platform: string, key: string, context: FeedbackContext): void {
    const c = FeedbackContext.parse(context);
    this.s.insert.run(platform, key, c.kind, c.question ?? null, c.answerText, JSON.stringify(c.citations), this.now().toISOString());
  }

  context(platform: string, key: string): FeedbackContext | undefined {
    const raw: unknown = this.s.get.get(platform, key);
    return raw === undefined ? undefined : toFeedbackContext(FeedbackContextRow.parse(raw));
  }

  vote(platform: string, key: string, userId: string, vote: Vote): boolean {
    return this.s.vote.run(platform, key, userId, vote, this.now().toISOString()).changes === 1;
  }

  record(feedback: Feedback): void {
    const f = Feedback.parse(feedback);
    this.s.record.run(this.now().toISOString(), f.platform, f.workspaceId ?? null, f.userId, f.vote, f.kind, f.question ?? null, f.answerText, JSON.stringify(f.citations));
  }

  all(): Feedback[] {
    return this.s.all.all().map((raw) => {
      const r = FeedbackRow.parse(raw);
      return { ...toFeedbackContext(r), platform: r.platform, ...(r.workspace_id === null ? {} : { workspaceId: r.workspace_id }), userId: r.user_id, vote: r.vote };
    });
  }

  prune(before: Date): number {
    return this.s.prune.run(before.toISOString()).changes;
  }
}
