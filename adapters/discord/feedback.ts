// 👍/👎 buttons under answers and briefs. A custom_id holds at most 100 characters, so it carries a short key
// into the core's feedback contexts (what was rated, kept in the database so a vote after a restart still has
// its citations); votes go to the core through bot.recordFeedback.
import { randomBytes } from 'node:crypto';
import { ButtonStyle, ComponentType, MessageFlags, type APIActionRowComponent, type APIButtonComponent, type ButtonInteraction } from 'discord.js';
import { z } from 'zod';
import type { BriefBot } from '../../src/app.js';
import { Feedback, type FeedbackContext, type Vote } from '../../src/domain.js';
import type { Logger } from '../../src/log.js';
import type { FeedbackContextRepository } from '../../src/store/feedback-contexts.js';
import { errorReply, NO_PINGS } from './replies.js';

const MAX_STORED_TEXT = 4000;
const MAX_STORED_CITATIONS = 50;

export class FeedbackButtons {
  constructor(
    private readonly store: FeedbackContextRepository,
    private readonly newKey: () => string = () => randomBytes(6).toString('base64url'),
  ) {}

  /** Stores what is rated and returns the key for its buttons. */
  remember(r: FeedbackContext): string {
    const key = this.newKey();
    this.store.remember('discord', key, { ...r, answerText: r.answerText.slice(0, MAX_STORED_TEXT), citations: r.citations.slice(0, MAX_STORED_CITATIONS) });
    return key;
  }

  get(key: string): FeedbackContext | undefined {
    return this.store.get('discord', key);
  }

  /** Returns false when this user already cast this very vote on this key, so a double click counts once. */
  vote(key: string, userId: string, vote: Vote): boolean {
    return this.store.vote('discord', key, userId, vote);
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
  deps: { bot: BriefBot; logger: Logger; feedback: FeedbackButtons },
): Promise<void> {
  const parsed = CustomId.safeParse(interaction.customId);
  if (!parsed.success) {
    deps.logger.warn({ customId: interaction.customId }, 'discord: ignoring malformed feedback button');
    return;
  }
  const [, vote, key] = parsed.data.match(/^fb:(up|down):(.+)$/) as [string, 'up' | 'down', string];
  let content: string;
  try {
    const rated = deps.feedback.get(key);
    if (!rated) content = 'Thanks! That message is too old for me to record a vote on it, though.';
    else if (!deps.feedback.vote(key, interaction.user.id, vote)) content = 'You already voted on this one. Thanks!';
    else {
      deps.bot.recordFeedback(Feedback.parse({ platform: 'discord', userId: interaction.user.id, vote, ...rated }));
      content = vote === 'up' ? 'Thanks for the feedback! 👍' : 'Thanks for the feedback. I will try to do better. 👎';
    }
  } catch (e) {
    content = errorReply(e, deps.logger, { customId: interaction.customId });
  }
  await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
}
