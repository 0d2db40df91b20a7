// Questions: `@briefbot <question>` in a channel and any direct message. The answer goes in a thread
// under the question; a follow-up in that thread gets the thread's earlier turns as context, and a
// question in a digest's thread is answered from that digest first.
import type { AllMiddlewareArgs, App, Context } from '@slack/bolt';
import type { Cooldowns } from '../kit/cooldowns.js';
import { userFacingMessage } from './errors.js';
import { feedbackValue } from './feedback-button.js';
import { EventEnvelope, MessageEvent } from './payloads.js';
import { postMessages } from './post.js';
import { renderAnswer } from './render.js';
import { replyProgress } from './inbox.js';
import { personKey, type SlackDeps } from './workspaces.js';
import { answeredInThread, type BotIdentity, isBroadcastOnly, isFromBot, questionFrom, threadTurns } from './thread.js';

export interface MentionDeps extends SlackDeps {
  /** Fallback identity when Bolt's context has none (it fills it from auth.test or the App options). */
  identity: BotIdentity;
  cooldowns: Cooldowns;
}

interface Incoming {
  event: unknown;
  body: unknown;
  context: Context;
  client: AllMiddlewareArgs['client'];
}

async function handle(deps: MentionDeps, { event, body, context, client }: Incoming): Promise<void> {
  const { bot, logger } = deps;
  const parsed = MessageEvent.safeParse(event);
  if (!parsed.success) {
    logger.warn({ issues: parsed.error.issues }, 'ignored malformed message event');
    return;
  }
  const e = parsed.data;
  const isDm = e.type === 'message';
  if (isDm && (e.channel_type !== 'im' || (e.subtype !== undefined && e.subtype !== 'thread_broadcast'))) return;
  const identity: BotIdentity = { botId: context.botId ?? deps.identity.botId, botUserId: context.botUserId ?? deps.identity.botUserId };
  if (e.bot_id || e.subtype === 'bot_message' || isFromBot(e, identity) || !e.user) return;
  if (isBroadcastOnly(e.text, identity)) return;
  // repeats were recognised before Bolt acknowledged the event (inbox.ts)
  const eventId = EventEnvelope.safeParse(body).data?.event_id;
  const threadTs = e.thread_ts ?? e.ts;
  // a direct message is answered in the conversation itself, as a person would; a channel question in its thread
  const replyTs = isDm && !e.thread_ts ? undefined : threadTs;
  const log = { handler: isDm ? 'dm' : 'mention', channel: e.channel, ts: e.ts, user: e.user, eventId };
  const progress = replyProgress(bot, context);
  try {
    // resumed after a crash: its answer may have gone out just before (Slack keeps no record we could ask by id)
    if (progress.resumed && progress.sent === 0 && (await answeredInThread(client, logger, { channel: e.channel, threadTs, questionTs: e.ts, bot: identity }))) {
      logger.info(log, 'resumed question was answered before the restart');
      return;
    }
    if (!progress.resumed) deps.cooldowns.take(personKey({ userId: e.user, workspaceId: deps.workspaces.key(context.teamId) }), e.channel); // a resumed question was counted when it came
    const turns = e.thread_ts
      ? await threadTurns(client, logger, { channel: e.channel, threadTs: e.thread_ts, beforeTs: e.ts, requireMention: !isDm, bot: identity })
      : [];
    // A thread under a digest (its root is the digest's first message; the rest of a long digest is in that
    // thread): the core answers a question there ("tell me more about story 2") from that digest first. Channel
    // messages only reach us when they mention the bot (app_mention): no message.channels, see docs/slack.md.
    const conversation = { platform: 'slack' as const, under: e.thread_ts ? [{ channelId: e.channel, messageId: e.thread_ts }] : [] };
    const answer = await bot.answer(questionFrom(e.text, identity.botUserId), { thread: turns, conversation });
    const value = feedbackValue('answer', await bot.feedback.remember('slack', { kind: 'answer', answer }));
    await postMessages(client, context.botToken, e.channel, renderAnswer(answer, { feedbackValue: value }), replyTs, progress);
    logger.info({ ...log, status: answer.status, citations: answer.citations.length, followUp: turns.length > 0 }, 'answered');
  } catch (error) {
    const text = userFacingMessage(error, logger, log);
    await client.chat
      .postEphemeral({ channel: e.channel, user: e.user, text, ...(replyTs ? { thread_ts: replyTs } : {}) })
      .catch((err: unknown) => logger.error({ ...log, err }, 'could not send error reply'));
  }
}

export function listenMentions(app: App, deps: MentionDeps): void {
  app.event('app_mention', async (args) => handle(deps, args));
  // Subscribed to message.im only; other message events are filtered out in handle().
  app.event('message', async (args) => handle(deps, args));
}
