// "Ask briefbot" (a message's Apps menu): the target message's text answered as a question, to the person who
// asked only. The target comes with the interaction, so this works without the Message Content intent.
import { MessageFlags, type MessageContextMenuCommandInteraction } from 'discord.js';
import type { PlatformDeps } from '../../src/platform.js';
import type { Cooldowns } from '../kit/cooldowns.js';
import { withinCooldown } from './brief-command.js';
import { errorReply } from './errors.js';
import { feedbackRow } from './feedback-button.js';
import { questionText } from './mention.js';
import { NO_PINGS, renderAnswerMessage } from './render.js';

export async function handleAskCommand(interaction: MessageContextMenuCommandInteraction, deps: PlatformDeps & { cooldowns: Cooldowns; botId: () => string }): Promise<void> {
  if (!(await withinCooldown(interaction, deps, 'ask'))) return;
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  try {
    const answer = await deps.bot.answer(questionText(interaction.targetMessage.content, deps.botId()));
    const key = await deps.bot.feedback.remember('discord', { kind: 'answer', answer });
    await interaction.editReply({ ...renderAnswerMessage(answer), components: [feedbackRow(key)], allowedMentions: NO_PINGS });
  } catch (e) {
    const content = errorReply(e, deps.logger, { command: 'ask', messageId: interaction.targetId });
    await interaction.editReply({ content, embeds: [], components: [], allowedMentions: NO_PINGS });
  }
}
