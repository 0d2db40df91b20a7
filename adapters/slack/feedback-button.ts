// 👍/👎 buttons. A button's value is "a:<key>" (answer) or "b:<key>" (brief): the core's key for what it rates, far
// under Slack's 2,000-character value limit. The core records the vote; when it no longer knows the key (pruned,
// or from a version that kept contexts in memory), the message's own text is what gets rated.
import type { App } from '@slack/bolt';
import type { FeedbackContext } from '../../src/domain.js';
import type { SlackDeps } from './workspaces.js';
import { userFacingMessage } from './errors.js';
import { BlockActionsBody } from './payloads.js';
import { FEEDBACK_DOWN, FEEDBACK_UP, unescapeSlack } from './render.js';

/** The value both buttons under a reply carry. */
export function feedbackValue(kind: FeedbackContext['kind'], key: string): string {
  return `${kind === 'answer' ? 'a' : 'b'}:${key}`;
}

function parseValue(value: string | undefined): { kind: FeedbackContext['kind']; key: string } | undefined {
  const m = /^([ab]):([\w-]{1,64})$/.exec(value ?? '');
  return m ? { kind: m[1] === 'a' ? 'answer' : 'brief', key: m[2] as string } : undefined;
}

export function listenFeedbackButtons(app: App, { bot, logger, workspaces }: SlackDeps): void {
  app.action(new RegExp(`^(${FEEDBACK_UP}|${FEEDBACK_DOWN})$`), async ({ ack, body, respond, context }) => {
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
      const value = parseValue(action?.value);
      if (!value) {
        logger.warn({ value: action?.value }, 'ignored feedback with an unknown button value');
        return;
      }
      const fallback = message?.text ? { kind: value.kind, answerText: unescapeSlack(message.text), citations: [] } : undefined;
      const outcome = await bot.feedback.vote('slack', value.key, { userId: user.id, workspaceId: workspaces.key(context.teamId) }, vote, fallback);
      if (outcome === 'unknown') await reply('Sorry, I no longer remember that message, so I could not record your vote.');
      else if (outcome === 'repeated') await reply('You already voted on this one. Thanks!');
      else await reply(vote === 'up' ? 'Thanks for the 👍 — noted.' : 'Thanks for the 👎 — noted; it helps me improve.');
    } catch (error) {
      await reply(userFacingMessage(error, logger, { handler: 'feedback', user: user.id })).catch((e: unknown) =>
        logger.error({ err: e }, 'could not send feedback error reply'),
      );
    }
  });
}
