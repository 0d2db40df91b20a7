// 👍/👎 buttons under answers and briefs. A custom_id holds at most 100 characters, so it carries the core's short
// key for what is rated; the core records the vote (once per user and vote) with what it rates.
import { ButtonStyle, ComponentType, MessageFlags, type APIActionRowComponent, type APIButtonComponent, type ButtonInteraction } from 'discord.js';
import { z } from 'zod';
import type { PlatformDeps } from '../../src/platform.js';
import { errorReply } from './errors.js';
import { NO_PINGS, OUT_OF_DATE } from './render.js';

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

export async function handleFeedbackButton(interaction: ButtonInteraction, { bot, logger }: Pick<PlatformDeps, 'bot' | 'logger'>): Promise<void> {
  const parsed = CustomId.safeParse(interaction.customId);
  if (!parsed.success) {
    logger.warn({ customId: interaction.customId }, 'discord: malformed feedback button; told the user it is out of date');
    await interaction.reply({ content: OUT_OF_DATE, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
    return;
  }
  const [, vote, key] = parsed.data.match(/^fb:(up|down):(.+)$/) as [string, 'up' | 'down', string];
  let content: string;
  try {
    const outcome = await bot.feedback.vote('discord', key, { userId: interaction.user.id }, vote);
    if (outcome === 'unknown') content = 'Thanks! That message is too old for me to record a vote on it, though.';
    else if (outcome === 'repeated') content = 'You already voted on this one. Thanks!';
    else content = vote === 'up' ? 'Thanks for the feedback! 👍' : 'Thanks for the feedback. I will try to do better. 👎';
  } catch (e) {
    content = errorReply(e, logger, { customId: interaction.customId });
  }
  await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
}
