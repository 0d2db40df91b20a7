// `/brief`: defer at once (Discord allows 3 s for the first response), build the brief, then edit the
// deferred reply with the embeds; extra messages follow up when a long brief needs more than one.
import { MessageFlags, type ChatInputCommandInteraction, type InteractionReplyOptions } from 'discord.js';
import type { BriefBot } from '../../src/app.js';
import type { Brief } from '../../src/domain.js';
import type { PlatformDeps } from '../../src/platform.js';
import { HELP_TEXT, parseBriefCommand } from './command-definitions.js';
import { handleDigestCommand, isDigestCommand } from './digest-command.js';
import { errorReply } from './errors.js';
import { feedbackRow } from './feedback-button.js';
import { NO_PINGS, renderBriefMessages, type DiscordMessagePayload } from './render.js';

/** Rendered messages for a brief, with the feedback buttons under the last one. */
export function briefPayloads(brief: Brief, bot: BriefBot): (DiscordMessagePayload & Pick<InteractionReplyOptions, 'components'>)[] {
  const messages = renderBriefMessages(brief);
  const key = bot.feedback.remember('discord', { kind: 'brief', brief });
  return messages.map((m, i) => ({ ...m, components: i === messages.length - 1 ? [feedbackRow(key)] : [] }));
}

export async function handleBriefCommand(interaction: ChatInputCommandInteraction, deps: PlatformDeps): Promise<void> {
  const command = parseBriefCommand(interaction.commandName, interaction.options.data);
  if (!command) {
    // Nothing sensible to answer: ignore it rather than guess (Discord shows "did not respond").
    deps.logger.warn({ command: interaction.commandName, options: interaction.options.data }, 'discord: ignoring malformed command');
    return;
  }
  if (command.kind === 'help') {
    await interaction.reply({ content: HELP_TEXT, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
    return;
  }
  if (isDigestCommand(command)) {
    await handleDigestCommand(interaction, command, deps);
    return;
  }
  const flags = command.public ? undefined : MessageFlags.Ephemeral;
  await interaction.deferReply(flags ? { flags } : {});
  try {
    const brief = await deps.bot.brief(command.topic ? { topic: command.topic } : {});
    const [first, ...rest] = briefPayloads(brief, deps.bot);
    if (first) await interaction.editReply({ ...first, allowedMentions: NO_PINGS });
    for (const m of rest) await interaction.followUp({ ...m, allowedMentions: NO_PINGS, ...(flags ? { flags } : {}) });
  } catch (e) {
    const content = errorReply(e, deps.logger, { command: 'brief', topic: command.topic, user: interaction.user.id });
    await interaction.editReply({ content, embeds: [], components: [], allowedMentions: NO_PINGS });
  }
}
