// 👍/👎 buttons. A button's value is a short id ("a:<id>" for answers, "b:<id>" for briefs) into the core's
// feedback contexts (question, answer text, citations), kept in the database so a vote after a restart still
// has its citations; far under Slack's 2,000-char value limit. An id the database no longer has (pruned, or from
// a version that kept them in memory) falls back to the message's own text.
import { randomBytes } from 'node:crypto';
import type { App } from '@slack/bolt';
import type { BriefBot } from '../../src/app.js';
import type { Feedback, FeedbackContext } from '../../src/domain.js';
import type { Logger } from '../../src/log.js';
import { FEEDBACK_DOWN, FEEDBACK_UP, unescapeSlack } from '../../src/render/slack.js';
import type { FeedbackContextRepository } from '../../src/store/feedback-contexts.js';
import { userFacingMessage } from './errors.js';
import { BlockActionsBody } from './payloads.js';

export class FeedbackContexts {
  constructor(private readonly store: FeedbackContextRepository) {}
  /** Stores the context and returns the button value. */
  register(context: FeedbackContext): string {
    const id = randomBytes(8).toString('base64url');
    this.store.remember('slack', id, context);
    return `${context.kind === 'answer' ? 'a' : 'b'}:${id}`;
  }
  resolve(value: string | undefined): { kind: Feedback['kind']; context?: FeedbackContext } | undefined {
    const m = /^([ab]):([\w-]{1,64})$/.exec(value ?? '');
    if (!m) return undefined;
    return { kind: m[1] === 'a' ? 'answer' : 'brief', context: this.store.get('slack', m[2] as string) };
  }
}

export function registerFeedback(app: App, bot: BriefBot, contexts: FeedbackContexts, logger: Logger): void {
  app.action(new RegExp(`^(${FEEDBACK_UP}|${FEEDBACK_DOWN})$`), async ({ ack, body, respond }) => {
    await ack();
    const parsed = BlockActionsBody.safeParse(body);
    if (!parsed.success) {
      logger.warn({ issues: parsed.error.issues }, 'ignored malformed block_actions payload');
      return;
    }
    const { user, actions, message } = parsed.data;
    const action = actions[0];
    const vote = action?.action_id === FEEDBACK_UP ? 'up' : 'down';
    const reply = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    try {
      const resolved = contexts.resolve(action?.value);
      if (!resolved) {
        logger.warn({ value: action?.value }, 'ignored feedback with an unknown button value');
        return;
      }
      const context = resolved.context ?? (message?.text ? { kind: resolved.kind, answerText: unescapeSlack(message.text), citations: [] } : undefined);
      if (!context) {
        await reply('Sorry, I no longer remember that message, so I could not record your vote.');
        return;
      }
      bot.recordFeedback({ platform: 'slack', userId: user.id, vote, ...context });
      await reply(vote === 'up' ? 'Thanks for the 👍 — noted.' : 'Thanks for the 👎 — noted; it helps me improve.');
    } catch (error) {
      await reply(userFacingMessage(error, logger, { handler: 'feedback', user: user.id })).catch((e: unknown) =>
        logger.error({ err: e }, 'could not send feedback error reply'),
      );
    }
  });
}
