// Turning Slack message text into a question, and a thread (conversations.replies) into the
// question/answer turns the core uses for follow-ups. Reading the thread from Slack, rather than
// remembering it, keeps follow-ups working across restarts.
import type { webApi } from '@slack/bolt';
import type { ThreadTurn } from '../../src/domain.js';
import type { Logger } from '../../src/log.js';
import { unescapeSlack } from './render.js';
import { ThreadMessage } from './payloads.js';

export interface BotIdentity {
  botId?: string;
  botUserId?: string;
}

const BROADCAST = /<!(channel|here|everyone)(\|[^>]*)?>/;

export function mentionsUser(text: string, userId: string | undefined): boolean {
  return userId ? text.includes(`<@${userId}>`) || text.includes(`<@${userId}|`) : /<@[UW][A-Z0-9]+(\|[^>]*)?>/.test(text);
}

/** An @channel/@here/@everyone broadcast that does not also mention the bot directly. */
export function isBroadcastOnly(text: string, bot: BotIdentity): boolean {
  return BROADCAST.test(text) && !mentionsUser(text, bot.botUserId);
}

/** Slack's escaped message text → the plain question: bot mention removed, links and mentions as text. */
export function questionFrom(text: string, botUserId: string | undefined): string {
  return unescapeSlack(
    text
      .replace(botUserId ? new RegExp(`<@${botUserId}(\\|[^>]*)?>`, 'g') : /^\s*<@[UW][A-Z0-9]+(\|[^>]*)?>/, ' ')
      .replace(/<@([UW][A-Z0-9]+)\|([^>]+)>/g, '@$2')
      .replace(/<@([UW][A-Z0-9]+)>/g, '@$1')
      .replace(/<#C[A-Z0-9]+\|([^>]*)>/g, '#$1')
      .replace(/<!(channel|here|everyone)(\|[^>]*)?>/g, '')
      .replace(/<!subteam\^[A-Z0-9]+\|([^>]+)>/g, '$1')
      .replace(/<([^|>]+)\|([^>]+)>/g, '$2')
      .replace(/<([^>]+)>/g, '$1'),
  )
    .replace(/\s+/g, ' ')
    .trim();
}

export function isFromBot(m: { bot_id?: string; user?: string }, bot: BotIdentity): boolean {
  return (bot.botId !== undefined && m.bot_id === bot.botId) || (bot.botUserId !== undefined && m.user === bot.botUserId);
}

/**
 * Messages of a thread (oldest first) → turns: each question from a person (in channels only those that
 * mention the bot), paired with the bot's first reply after it. Messages at or after `beforeTs` are left out.
 */
export function turnsFromMessages(messages: readonly ThreadMessage[], bot: BotIdentity, options: { beforeTs: string; requireMention: boolean }): ThreadTurn[] {
  const turns: ThreadTurn[] = [];
  let pending: ThreadTurn | undefined;
  for (const m of messages) {
    if (Number(m.ts) >= Number(options.beforeTs)) break;
    if (isFromBot(m, bot)) {
      if (pending && pending.answer === undefined) pending.answer = unescapeSlack(m.text);
      continue;
    }
    if (m.bot_id || m.subtype) continue; // other bots, joins, edits
    if (options.requireMention && !mentionsUser(m.text, bot.botUserId)) continue;
    const question = questionFrom(m.text, bot.botUserId);
    if (!question) continue;
    pending = { question };
    turns.push(pending);
  }
  return turns;
}

/**
 * Whether the bot already answered the question at `questionTs` in its thread: a reply of the bot's after it,
 * before anyone's next question. For a question resumed after a crash, whose answer may have gone out just before
 * it. A failure to read the thread says no (better a second answer than none).
 */
export async function answeredInThread(
  client: webApi.WebClient,
  logger: Logger,
  args: { channel: string; threadTs: string; questionTs: string; bot: BotIdentity },
): Promise<boolean> {
  try {
    const res = await client.conversations.replies({ channel: args.channel, ts: args.threadTs, limit: 200 });
    const later = (res.messages ?? [])
      .flatMap((m) => {
        const parsed = ThreadMessage.safeParse(m);
        return parsed.success && Number(parsed.data.ts) > Number(args.questionTs) ? [parsed.data] : [];
      })
      .sort((a, b) => Number(a.ts) - Number(b.ts));
    for (const m of later) {
      if (isFromBot(m, args.bot)) return true;
      if (mentionsUser(m.text, args.bot.botUserId)) return false;
    }
    return false;
  } catch (error) {
    logger.debug({ err: error, channel: args.channel, thread: args.threadTs }, 'could not read the thread of a resumed question');
    return false;
  }
}

/** Earlier turns of a thread; a failure (missing scope, deleted thread) means no context, not no answer. */
export async function threadTurns(
  client: webApi.WebClient,
  logger: Logger,
  args: { channel: string; threadTs: string; beforeTs: string; requireMention: boolean; bot: BotIdentity; maxTurns?: number },
): Promise<ThreadTurn[]> {
  try {
    const res = await client.conversations.replies({ channel: args.channel, ts: args.threadTs, limit: 200 });
    const messages = (res.messages ?? []).flatMap((m) => {
      const parsed = ThreadMessage.safeParse(m);
      return parsed.success ? [parsed.data] : [];
    });
    messages.sort((a, b) => Number(a.ts) - Number(b.ts));
    return turnsFromMessages(messages, args.bot, args).slice(-(args.maxTurns ?? 10));
  } catch (error) {
    logger.warn({ err: error, channel: args.channel, thread: args.threadTs }, 'could not read thread history; answering without it');
    return [];
  }
}
