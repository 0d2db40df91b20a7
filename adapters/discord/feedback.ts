// 👍/👎 buttons under answers and briefs. A custom_id holds at most 100 characters, so it carries a short key
// into a bounded in-memory map of what was rated; votes go to the core through bot.recordFeedback.
import { randomBytes } from 'node:crypto';
import { ButtonStyle, ComponentType, MessageFlags, type APIActionRowComponent, type APIButtonComponent, type ButtonInteraction } from 'discord.js';
import { z } from 'zod';
import type { BriefBot } from '../../src/app.js';
import { Feedback, type Citation } from '../../src/domain.js';
import type { Logger } from '../../src/log.js';
import { Lru } from './lru.js';
import { errorReply, NO_PINGS } from './replies.js';

export interface Rated {
  kind: 'answer' | 'brief';
  question?: string;
  answerText: string;
  citations: Citation[];
}

const MAX_STORED_TEXT = 4000;
const MAX_STORED_CITATIONS = 50;

export class FeedbackMemory {
  private readonly rated: Lru<string, Rated>;
  /** `${key}:${userId}` → last vote, so a double click is not counted twice. */
  private readonly votes: Lru<string, 'up' | 'down'>;

  constructor(
    size = 1000,
    private readonly newKey: () => string = () => randomBytes(6).toString('base64url'),
  ) {
    this.rated = new Lru(size);
    this.votes = new Lru(size * 4);
  }

  remember(r: Rated): string {
    const key = this.newKey();
    this.rated.set(key, { ...r, answerText: r.answerText.slice(0, MAX_STORED_TEXT), citations: r.citations.slice(0, MAX_STORED_CITATIONS) });
    return key;
  }

  get(key: string): Rated | undefined {
    return this.rated.get(key);
  }

  /** Returns false when this user already cast this very vote on this key. */
  vote(key: string, userId: string, vote: 'up' | 'down'): boolean {
    const id = `${key}:${userId}`;
    if (this.votes.get(id) === vote) return false;
    this.votes.set(id, vote);
    return true;
  }
}

const PREFIX = 'fb';
const CustomId = z.string().regex(/^fb:(up|down):([A-Za-z0-9_-]{1,64})$/);

export function feedbackRow(key: string): APIActionRowComponent<APIButtonComponent> {
  const button = (vote: 'up' | 'down', emoji: string): APIButtonComponent => ({
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    custom_id: `${PREFIX}:${vote}:${key}`,
    emoji: { name: emoji },
  });
  return { type: ComponentType.ActionRow, components: [button('up', '👍'), button('down', '👎')] };
}

export function isFeedbackButton(customId: string): boolean {
  return customId.startsWith(`${PREFIX}:`);
}

export async function handleFeedbackButton(
  interaction: ButtonInteraction,
  deps: { bot: BriefBot; logger: Logger; feedback: FeedbackMemory },
): Promise<void> {
  const parsed = CustomId.safeParse(interaction.customId);
  if (!parsed.success) {
    deps.logger.warn({ customId: interaction.customId }, 'discord: ignoring malformed feedback button');
    return;
  }
  const [, vote, key] = parsed.data.match(/^fb:(up|down):(.+)$/) as [string, 'up' | 'down', string];
  const reply = (content: string) => interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
  const rated = deps.feedback.get(key);
  if (!rated) {
    await reply('Thanks! That message is too old for me to record a vote on it, though.');
    return;
  }
  if (!deps.feedback.vote(key, interaction.user.id, vote)) {
    await reply('You already voted on this one. Thanks!');
    return;
  }
  try {
    deps.bot.recordFeedback(Feedback.parse({ platform: 'discord', userId: interaction.user.id, vote, ...rated }));
    await reply(vote === 'up' ? 'Thanks for the feedback! 👍' : 'Thanks for the feedback. I will try to do better. 👎');
  } catch (e) {
    await reply(errorReply(e, deps.logger, { customId: interaction.customId }));
  }
}
