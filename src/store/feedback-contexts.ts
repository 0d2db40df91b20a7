// What each 👍/👎 button rates, in the store's SQLite database, keyed by platform and the short key the button
// carries (Slack and Discord limit a button's value, so the question, answer and citations cannot ride in it).
// Kept on disk so that a vote cast after a restart is still stored with the citations of what it rates.
import type { Database, Statement } from 'better-sqlite3';
import { z } from 'zod';
import { FeedbackContext, type Vote } from '../domain.js';

/** Contexts older than this are dropped when the app starts; a vote on such a message is handled as unknown. */
export const FEEDBACK_CONTEXT_DAYS = 90;

const Row = z.object({
  kind: FeedbackContext.shape.kind,
  question: z.string().nullable(),
  answer_text: z.string(),
  citations: z.string(),
});

export class FeedbackContextRepository {
  private readonly s: Record<string, Statement>;

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
    };
  }

  /** Stores what the button `key` rates; keys are random, so a repeated key is a bug and throws. */
  remember(platform: string, key: string, context: FeedbackContext): void {
    const c = FeedbackContext.parse(context);
    this.s.insert!.run(platform, key, c.kind, c.question ?? null, c.answerText, JSON.stringify(c.citations), this.now().toISOString());
  }

  get(platform: string, key: string): FeedbackContext | undefined {
    const raw: unknown = this.s.get!.get(platform, key);
    if (raw === undefined) return undefined;
    const r = Row.parse(raw);
    return FeedbackContext.parse({
      kind: r.kind,
      ...(r.question === null ? {} : { question: r.question }),
      answerText: r.answer_text,
      citations: JSON.parse(r.citations) as unknown,
    });
  }

  /** Records `userId`'s vote on `key` (which must be remembered); false when it repeats their last vote there. */
  vote(platform: string, key: string, userId: string, vote: Vote): boolean {
    return this.s.vote!.run(platform, key, userId, vote, this.now().toISOString()).changes === 1;
  }

  /** Drops contexts (and their votes) created before `before`; returns how many. */
  prune(before: Date): number {
    return this.s.prune!.run(before.toISOString()).changes;
  }
}
