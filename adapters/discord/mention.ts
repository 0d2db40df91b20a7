// Questions by mention, reply or DM → cited answers, in a thread when the channel allows one.
// Follow-ups in that thread (or replies to an answer) carry the earlier turns as context. A question under a
// digest (in the thread started from it, or a reply to it) is answered from that digest first.
import { ChannelType, PermissionFlagsBits, ThreadAutoArchiveDuration, type Message } from 'discord.js';
import { z } from 'zod';
import type { Cooldowns } from '../kit/cooldowns.js';
import type { MessageRef } from '../../src/app.js';
import type { ThreadTurn } from '../../src/domain.js';
import type { Logger } from '../../src/log.js';
import type { PlatformDeps } from '../../src/platform.js';
import { BoundedMap } from '../kit/bounded-map.js';
import { errorReply } from './errors.js';
import { feedbackRow } from './feedback-button.js';
import { NO_PINGS, renderAnswerMessage, truncate } from './render.js';

const MAX_TURNS = 10;
const HISTORY_FETCH = 50;

export interface MentionDeps extends Pick<PlatformDeps, 'bot' | 'logger'> {
  botId: () => string;
  cooldowns: Cooldowns;
}

export interface MentionState {
  /** Conversation id (thread id, or the first answer's id) → turns, oldest first. */
  conversations: BoundedMap<string, ThreadTurn[]>;
  /** Id of a message the bot sent → its conversation id, for replies to it. */
  sentIn: BoundedMap<string, string>;
  /** Conversation id → the messages its first question hung under (a digest, maybe), for the thread the bot opened. */
  under: BoundedMap<string, MessageRef[]>;
}

export function createMentionState(max = 2000): MentionState {
  return { conversations: new BoundedMap({ max }), sentIn: new BoundedMap({ max }), under: new BoundedMap({ max }) };
}

/** Only a direct mention, a reply to the bot, or a DM asks the bot something; bots and @everyone never do. */
export function isQuestionForBot(message: Message, botId: string): boolean {
  if (message.author.bot || message.system || message.webhookId) return false;
  if (!message.inGuild()) return true; // a DM (bots cannot be in group DMs)
  if (message.mentions.users.has(botId)) return true;
  return message.reference !== null && message.mentions.repliedUser?.id === botId;
}

export function questionText(content: string, botId: string): string {
  return content.replace(new RegExp(`<@!?${botId}>`, 'g'), ' ').replace(/\s+/g, ' ').trim();
}

/** Where a question was asked: what the inbox keeps, to answer it after a restart (resume.ts). */
export const Asked = z.object({ channelId: z.string(), messageId: z.string() });

/** A reply to the bot whose text Discord withheld (no Message Content intent, and the reply did not mention the bot). */
export const MENTION_ME = 'I can only read replies that mention me: reply again with @briefbot in it.';

export async function handleMessage(message: Message, deps: MentionDeps, state: MentionState): Promise<void> {
  if (!isQuestionForBot(message, deps.botId())) return;
  if (message.content === '' && message.reference && message.attachments.size === 0) {
    await message.reply({ content: MENTION_ME, allowedMentions: NO_PINGS }).catch((err: unknown) => deps.logger.error({ err }, 'discord: could not send a reply'));
    return;
  }
  // recorded before it is answered: a gateway resume may replay a MESSAGE_CREATE, also to the bot after a restart,
  // and a question this process is killed while answering is answered by the next one (resume.ts)
  const id = await deps.bot.inbox.accept('discord', [`msg:${message.id}`], { channelId: message.channelId, messageId: message.id });
  if (id === undefined) {
    deps.logger.debug({ messageId: message.id }, 'discord: message already answered (replayed)');
    return;
  }
  try {
    try {
      deps.cooldowns.take(message.author.id, message.channelId);
    } catch (e) {
      const content = errorReply(e, deps.logger, { messageId: message.id });
      await message.reply({ content, allowedMentions: NO_PINGS }).catch((err: unknown) => deps.logger.error({ err }, 'discord: could not send error reply'));
      return;
    }
    await answerMessage(message, deps, state);
  } finally {
    await deps.bot.inbox.finish(id);
  }
}

/**
 * What the bot may do in the message's channel, as Discord's permissions say, checked before acting: each refusal
 * is a 403, and 10,000 invalid requests in 10 minutes get the bot's IP restricted. Unknown (the bot's member is
 * not cached, a DM) means allowed: Discord decides.
 */
function postingRights(message: Message): { post: boolean; thread: boolean } {
  const me = message.guild?.members.me;
  const perms = me && !message.channel.isDMBased() ? message.channel.permissionsFor(me) : null;
  if (!perms) return { post: true, thread: true };
  return {
    post: perms.has([PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages]),
    thread: perms.has([PermissionFlagsBits.CreatePublicThreads, PermissionFlagsBits.SendMessagesInThreads]),
  };
}

export async function answerMessage(message: Message, deps: MentionDeps, state: MentionState): Promise<void> {
  if (!postingRights(message).post) {
    deps.logger.warn({ channelId: message.channelId, messageId: message.id }, 'discord: asked in a channel where I may not post; not answered');
    return;
  }
  const botId = deps.botId();
  const question = questionText(message.content, botId);
  const conversation = conversationOf(message, state);
  try {
    const history = conversation ? (state.conversations.get(conversation) ?? (await fetchHistory(message, botId, deps.logger))) : [];
    const under = messagesUnder(message, conversation, state);
    const answer = await deps.bot.answer(question, { thread: history, conversation: { platform: 'discord', under } });
    const key = await deps.bot.feedback.remember('discord', { kind: 'answer', answer });
    const payload = { ...renderAnswerMessage(answer), components: [feedbackRow(key)], allowedMentions: NO_PINGS };
    const sent = await deliver(message, payload, { question, continuing: conversation !== undefined }, deps.logger);
    const id = conversation ?? sent.conversation;
    const turn: ThreadTurn = answer.status === 'answered' ? { question, answer: answer.text } : { question };
    state.conversations.set(id, [...history, turn].slice(-MAX_TURNS));
    state.sentIn.set(sent.messageId, id);
    if (under.length > 0 && !state.under.has(id)) state.under.set(id, under);
  } catch (e) {
    const content = errorReply(e, deps.logger, { messageId: message.id, channelId: message.channelId });
    await message.reply({ content, allowedMentions: NO_PINGS }).catch((err: unknown) => deps.logger.error({ err }, 'discord: could not send error reply'));
  }
}

/** The conversation a message continues: its thread, or the conversation of the answer it replies to. */
function conversationOf(message: Message, state: MentionState): string | undefined {
  if (message.channel.isThread()) return message.channelId;
  const replied = message.reference?.messageId;
  return replied ? state.sentIn.get(replied) : undefined;
}

/**
 * The messages a question hangs under, nearest first, where the core looks for a digest it was asked about. A
 * thread started from a message has that message's id, and the runner records a digest by (channel, id) of each of
 * its messages, so a thread is (parent, thread id), a reply (channel, replied-to id). A conversation that began
 * under a digest keeps it.
 */
function messagesUnder(message: Message, conversation: string | undefined, state: MentionState): MessageRef[] {
  const refs: MessageRef[] = [];
  const channel = message.channel;
  if (channel.isThread() && channel.parentId) refs.push({ channelId: channel.parentId, messageId: channel.id });
  const replied = message.reference?.messageId;
  if (replied) refs.push({ channelId: message.reference?.channelId ?? message.channelId, messageId: replied });
  if (conversation) refs.push(...(state.under.get(conversation) ?? []));
  return refs;
}

type Payload = Parameters<Message['reply']>[0] & object;

/** A new question gets a thread under it when the channel allows; otherwise (and in a conversation
 * that already lives in the channel) the answer is a plain reply. */
async function deliver(
  message: Message,
  payload: Payload,
  { question, continuing }: { question: string; continuing: boolean },
  logger: Logger,
): Promise<{ messageId: string; conversation: string }> {
  const canThread = postingRights(message).thread && (message.channel.type === ChannelType.GuildText || message.channel.type === ChannelType.GuildAnnouncement);
  if (canThread && !continuing && !message.hasThread) {
    try {
      const thread = await message.startThread({ name: truncate(question || 'Question', 100), autoArchiveDuration: ThreadAutoArchiveDuration.OneDay });
      const sent = await thread.send(payload);
      return { messageId: sent.id, conversation: thread.id };
    } catch (err) {
      logger.info({ err, channelId: message.channelId }, 'discord: could not answer in a thread; replying in the channel');
    }
  }
  const sent = await message.reply(payload);
  return { messageId: sent.id, conversation: message.channel.isThread() ? message.channelId : sent.id };
}

/** After a restart the memory is empty: rebuild a thread's turns from its messages (questions, then answers). */
async function fetchHistory(message: Message, botId: string, logger: Logger): Promise<ThreadTurn[]> {
  const channel = message.channel;
  if (!channel.isThread()) return [];
  try {
    const fetched = await channel.messages.fetch({ limit: HISTORY_FETCH, before: message.id });
    const msgs = [...fetched.values()];
    const starter = await channel.fetchStarterMessage().catch(() => null);
    if (starter) msgs.push(starter);
    msgs.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    const turns: ThreadTurn[] = [];
    for (const m of msgs) {
      if (m.author.id === botId) {
        const last = turns[turns.length - 1];
        const text = m.embeds[0]?.description ?? '';
        if (last && last.answer === undefined && text) last.answer = text;
      } else if (!m.author.bot && m.mentions.users.has(botId)) {
        turns.push({ question: questionText(m.content, botId) });
      }
    }
    return turns.slice(-MAX_TURNS);
  } catch (err) {
    logger.warn({ err, channelId: channel.id }, 'discord: could not read thread history');
    return [];
  }
}
