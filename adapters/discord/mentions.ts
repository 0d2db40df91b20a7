// Questions by mention, reply or DM → cited answers, in a thread when the channel allows one.
// Follow-ups in that thread (or replies to an answer) carry the earlier turns as context. A question under a
// digest (in the thread started from it, or a reply to it) is answered from that digest first.
import { ChannelType, ThreadAutoArchiveDuration, type Message } from 'discord.js';
import type { BriefBot } from '../../src/app.js';
import type { Brief, ThreadTurn } from '../../src/domain.js';
import type { Logger } from '../../src/log.js';
import { renderAnswerMessage, truncate } from '../../src/render/discord.js';
import { feedbackRow, type FeedbackButtons } from './feedback.js';
import { Lru } from './lru.js';
import { errorReply, NO_PINGS } from './replies.js';

const MAX_TURNS = 10;
const HISTORY_FETCH = 50;

export interface MentionDeps {
  bot: BriefBot;
  logger: Logger;
  feedback: FeedbackButtons;
  botId: () => string;
}

export interface MentionState {
  /** Ids of messages already handled: a gateway resume may replay a MESSAGE_CREATE. */
  answered: Lru<string, true>;
  /** Conversation id (thread id, or the first answer's id) → turns, oldest first. */
  conversations: Lru<string, ThreadTurn[]>;
  /** Id of a message the bot sent → its conversation id, for replies to it. */
  sentIn: Lru<string, string>;
  /** Conversation id → the digest it began under, for a thread the bot opened under a reply to a digest. */
  digests: Lru<string, DigestRef>;
}

/** A message of a digest: the runner records a digest under each of its messages. */
export interface DigestRef {
  channelId: string;
  messageId: string;
}

export function createMentionState(size = 2000): MentionState {
  return { answered: new Lru(size), conversations: new Lru(size), sentIn: new Lru(size), digests: new Lru(size) };
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

export async function handleMessage(message: Message, deps: MentionDeps, state: MentionState): Promise<void> {
  const botId = deps.botId();
  if (!isQuestionForBot(message, botId)) return;
  if (state.answered.has(message.id)) {
    deps.logger.debug({ messageId: message.id }, 'discord: message already answered (replayed)');
    return;
  }
  state.answered.set(message.id, true);
  const question = questionText(message.content, botId);
  const conversation = conversationOf(message, state);
  try {
    const history = conversation ? (state.conversations.get(conversation) ?? (await fetchHistory(message, botId, deps.logger))) : [];
    const digest = digestOf(message, conversation, deps.bot, state);
    const answer = await deps.bot.answer(question, history, digest?.brief);
    const key = deps.feedback.remember({ kind: 'answer', question, answerText: answer.text, citations: answer.citations });
    const payload = { ...renderAnswerMessage(answer), components: [feedbackRow(key)], allowedMentions: NO_PINGS };
    const sent = await deliver(message, payload, { question, continuing: conversation !== undefined }, deps.logger);
    const id = conversation ?? sent.conversation;
    const turn: ThreadTurn = answer.status === 'answered' ? { question, answer: answer.text } : { question };
    state.conversations.set(id, [...history, turn].slice(-MAX_TURNS));
    state.sentIn.set(sent.messageId, id);
    if (digest) state.digests.set(id, digest.ref);
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
 * The digest a question hangs under, if any. A thread started from a message has that message's id, and the
 * runner records a digest by (channel, id) of each of its messages, so a thread is looked up as (parent, thread id),
 * a reply as (channel, replied-to id). A conversation that began as a reply to a digest keeps it.
 */
function digestOf(message: Message, conversation: string | undefined, bot: BriefBot, state: MentionState): { ref: DigestRef; brief: Brief } | undefined {
  const candidates: DigestRef[] = [];
  const channel = message.channel;
  if (channel.isThread() && channel.parentId) candidates.push({ channelId: channel.parentId, messageId: channel.id });
  const replied = message.reference?.messageId;
  if (replied) candidates.push({ channelId: message.reference?.channelId ?? message.channelId, messageId: replied });
  const remembered = conversation ? state.digests.get(conversation) : undefined;
  if (remembered) candidates.push(remembered);
  for (const ref of candidates) {
    const brief = bot.digests.briefForThread({ platform: 'discord', channelId: ref.channelId }, ref.messageId);
    if (brief) return { ref, brief };
  }
  return undefined;
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
  const canThread = message.channel.type === ChannelType.GuildText || message.channel.type === ChannelType.GuildAnnouncement;
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
