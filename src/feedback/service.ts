// 👍/👎 on what the bot said. The core decides what a vote rates and how it is stored, for every platform alike:
// the adapter asks for a key when it renders buttons (a button carries only that key: Slack and Discord limit
// its value), and hands back the key, the user and the vote when one is clicked.
import { randomBytes } from 'node:crypto';
import { FeedbackContext, type Answer, type Brief, type Vote } from '../domain.js';
import { briefPlainText } from '../render/text.js';
import type { FeedbackRepository } from '../store/repositories.js';

/** Contexts older than this are dropped when the app starts; a vote on such a message is answered as too old. */
export const FEEDBACK_CONTEXT_DAYS = 90;
/** Stored with each vote at most: enough to see what was rated without keeping a whole long brief. */
export const MAX_STORED_TEXT = 4000;
export const MAX_STORED_CITATIONS = 50;

export type Rated = { kind: 'answer'; answer: Answer } | { kind: 'brief'; brief: Brief };

/** 'repeated': the user's last vote on it was the same (a double click counts once); 'unknown': too old to rate. */
export type VoteOutcome = 'recorded' | 'repeated' | 'unknown';

/** Who voted: a user, and on Slack with many workspaces the workspace (Slack user ids are unique only within one). */
export interface Voter {
  userId: string;
  workspaceId?: string;
}

export interface FeedbackVerbs {
  /** Stores what a reply's buttons rate; returns the short key the buttons carry ([A-Za-z0-9_-], at most 16 characters). */
  remember(platform: string, rated: Rated): Promise<string>;
  /**
   * Records `voter`'s vote on the reply behind `key`. `fallback`: what to record when the key is unknown (a
   * platform that can read the rated message's text from the click); without it an unknown key is 'unknown'.
   */
  vote(platform: string, key: string, voter: Voter, vote: Vote, fallback?: FeedbackContext): Promise<VoteOutcome>;
}

export function ratedContext(rated: Rated): FeedbackContext {
  if (rated.kind === 'answer') {
    const { question, text, citations } = rated.answer;
    return { kind: 'answer', question, answerText: text.slice(0, MAX_STORED_TEXT), citations: citations.slice(0, MAX_STORED_CITATIONS) };
  }
  const { brief } = rated;
  return {
    kind: 'brief',
    ...(brief.request.topic ? { question: brief.request.topic } : {}),
    answerText: (briefPlainText(brief) || 'No stories found.').slice(0, MAX_STORED_TEXT),
    citations: brief.stories.flatMap((s) => s.keyPoints.flatMap((p) => p.citations)).slice(0, MAX_STORED_CITATIONS),
  };
}

export function createFeedback(repo: FeedbackRepository, newKey: () => string = () => randomBytes(6).toString('base64url')): FeedbackVerbs {
  return {
    async remember(platform, rated) {
      const key = newKey();
      await repo.remember(platform, key, ratedContext(rated));
      return key;
    },
    async vote(platform, key, { userId, workspaceId }, vote, fallback) {
      const who = { platform, userId, vote, ...(workspaceId ? { workspaceId } : {}) };
      const context = await repo.context(platform, key);
      if (!context) {
        if (!fallback) return 'unknown';
        await repo.record({ ...who, ...FeedbackContext.parse(fallback) });
        return 'recorded';
      }
      if (!(await repo.vote(platform, key, workspaceId ? `${workspaceId}:${userId}` : userId, vote))) return 'repeated';
      await repo.record({ ...who, ...context });
      return 'recorded';
    },
  };
}
