// `/brief`: defer at once (Discord allows 3 s for the first response), build the brief, then edit the
// deferred reply with the embeds; extra messages follow up when a long brief needs more than one.
import { MessageFlags, Routes, type ChatInputCommandInteraction, type InteractionReplyOptions, type MessageContextMenuCommandInteraction, type REST } from 'discord.js';
import { z } from 'zod';
import type { Cooldowns } from '../kit/cooldowns.js';
import type { BriefBot } from '../../src/app.js';
import type { Brief } from '../../src/domain.js';
import type { PlatformDeps } from '../../src/platform.js';
import { HELP_TEXT, parseBriefCommand } from './command-definitions.js';
import { handleDigestCommand, isDigestCommand } from './digest-command.js';
import { errorReply } from './errors.js';
import { feedbackRow } from './feedback-button.js';
import { NO_PINGS, OUT_OF_DATE, renderBriefMessages, type DiscordMessagePayload } from './render.js';

/** Rendered messages for a brief, with the feedback buttons under the last one. */
export async function briefPayloads(brief: Brief, bot: BriefBot): Promise<(DiscordMessagePayload & Pick<InteractionReplyOptions, 'components'>)[]> {
  const messages = renderBriefMessages(brief);
  const key = await bot.feedback.remember('discord', { kind: 'brief', brief });
  return messages.map((m, i) => ({ ...m, components: i === messages.length - 1 ? [feedbackRow(key)] : [] }));
}

/**
 * Counts a command against its asker's and channel's cooldowns; over them, the asker is told ephemerally when to
 * try again and the answer is false.
 */
export async function withinCooldown(interaction: ChatInputCommandInteraction | MessageContextMenuCommandInteraction, deps: Pick<PlatformDeps, 'logger'> & { cooldowns: Cooldowns }, command: string): Promise<boolean> {
  try {
    deps.cooldowns.take(interaction.user.id, interaction.channelId);
    return true;
  } catch (e) {
    await interaction.reply({ content: errorReply(e, deps.logger, { command }), flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
    return false;
  }
}

export async function handleBriefCommand(interaction: ChatInputCommandInteraction, deps: PlatformDeps & { cooldowns: Cooldowns }): Promise<void> {
  const command = parseBriefCommand(interaction.commandName, interaction.options.data);
  if (!command) {
    // a shape this version does not know: say so rather than guess (silence shows "The application did not respond")
    deps.logger.warn({ command: interaction.commandName, options: interaction.options.data }, 'discord: malformed command; told the user it is out of date');
    await interaction.reply({ content: OUT_OF_DATE, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
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
  if (!(await withinCooldown(interaction, deps, 'brief'))) return;
  const flags = command.public ? undefined : MessageFlags.Ephemeral;
  // recorded before it is acknowledged (deferred): a process killed while making the brief leaves it to the next
  // one, which edits the deferred reply through the interaction's token (resume.ts); a replayed one is ignored
  const asked: AskedBrief = { kind: 'brief', applicationId: interaction.applicationId, token: interaction.token, topic: command.topic, ephemeral: flags !== undefined };
  const id = await deps.bot.inbox.accept('discord', [`interaction:${interaction.id}`], asked);
  if (id === undefined) return;
  try {
    await interaction.deferReply(flags ? { flags } : {});
    await deps.bot.inbox.progress(id, 1);
    try {
      const brief = await deps.bot.brief(command.topic ? { topic: command.topic } : {});
      const [first, ...rest] = await briefPayloads(brief, deps.bot);
      if (first) await interaction.editReply({ ...first, allowedMentions: NO_PINGS });
      await deps.bot.inbox.progress(id, 2);
      for (const [i, m] of rest.entries()) {
        await interaction.followUp({ ...m, allowedMentions: NO_PINGS, ...(flags ? { flags } : {}) });
        await deps.bot.inbox.progress(id, i + 3);
      }
    } catch (e) {
      const content = errorReply(e, deps.logger, { command: 'brief', topic: command.topic, user: interaction.user.id });
      await interaction.editReply({ content, embeds: [], components: [], allowedMentions: NO_PINGS });
    }
  } finally {
    await deps.bot.inbox.finish(id);
  }
}

/**
 * A `/brief` as the inbox keeps it: enough to finish it after a restart through the interaction's webhook (its
 * token is good for 15 minutes). Its progress: 1 once deferred, 2 once the reply holds the brief's first message,
 * then one more per follow-up.
 */
export const AskedBrief = z.object({
  kind: z.literal('brief'),
  applicationId: z.string(),
  token: z.string(),
  topic: z.string().optional(),
  ephemeral: z.boolean(),
});
export type AskedBrief = z.infer<typeof AskedBrief>;

/** Finishes a `/brief` a process that died had deferred: the parts from `progress` on, through the webhook. */
export async function resumeBrief(rest: REST, asked: AskedBrief, progress: number, deps: PlatformDeps): Promise<void> {
  const brief = await deps.bot.brief(asked.topic ? { topic: asked.topic } : {});
  const parts = await briefPayloads(brief, deps.bot);
  const body = (m: (typeof parts)[number]) => ({ ...m, allowed_mentions: { parse: [] }, ...(asked.ephemeral ? { flags: MessageFlags.Ephemeral } : {}) });
  for (const [i, m] of parts.entries()) {
    if (i + 2 <= progress) continue; // sent before the restart
    if (i === 0) await rest.patch(Routes.webhookMessage(asked.applicationId, asked.token), { body: body(m), auth: false });
    else await rest.post(Routes.webhook(asked.applicationId, asked.token), { body: body(m), auth: false });
  }
}
