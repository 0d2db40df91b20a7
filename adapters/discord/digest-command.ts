// `/brief subscribe | unsubscribe | subscriptions | sources`: a channel's scheduled digests. Changing them needs
// Manage Channels or Manage Server in that channel (in a DM, the person may subscribe the DM itself); listing them
// and their sources is open to everyone. Every reply is ephemeral; all of it is local work, so no defer.
import { MessageFlags, PermissionFlagsBits, type ChatInputCommandInteraction } from 'discord.js';
import type { BriefBot } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import { describeSubscription, type ChannelRef, type SubscribeArgs } from '../../src/digest/service.js';
import { parseTimeOfDay, requireTimezone, TIME_FORMS } from '../../src/digest/time.js';
import { UserError } from '../../src/errors.js';
import type { Logger } from '../../src/log.js';
import { escapeDiscord, renderSources, renderSubscriptions } from '../../src/render/discord.js';
import type { BriefCommand, SubscribeOptions } from './commands.js';
import { errorReply, NO_PINGS } from './replies.js';

export type DigestCommand = Extract<BriefCommand, { kind: 'subscribe' | 'unsubscribe' | 'subscriptions' | 'sources' }>;

export function isDigestCommand(c: BriefCommand): c is DigestCommand {
  return c.kind === 'subscribe' || c.kind === 'unsubscribe' || c.kind === 'subscriptions' || c.kind === 'sources';
}

/**
 * Manage Channels or Manage Server, as computed by Discord for this member in this channel (overwrites included;
 * Administrator implies both). In a DM there is no member: the DM is the user's own conversation with the bot.
 */
export function canManageDigests(interaction: ChatInputCommandInteraction): boolean {
  if (!interaction.inGuild()) return true;
  return interaction.memberPermissions?.any([PermissionFlagsBits.ManageChannels, PermissionFlagsBits.ManageGuild]) ?? false;
}

/**
 * Discord's named options → the core's structured subscription arguments. Each option is checked here, so
 * nothing can be misread (a topic is never taken for a time or the weekdays flag); a timezone alias is stored
 * as its canonical Region/City name ("Japan" → "Asia/Tokyo").
 */
export function subscribeArgs(o: SubscribeOptions, defaults: Pick<Config, 'DIGEST_TIME' | 'DIGEST_TZ'>): SubscribeArgs {
  const timeOfDay = o.time === undefined ? defaults.DIGEST_TIME : parseTimeOfDay(o.time);
  if (!timeOfDay) throw new UserError('BAD_ARGUMENT', `“${o.time ?? ''}” is not a time I understand: use ${TIME_FORMS}.`);
  const given = o.timezone === undefined ? defaults.DIGEST_TZ : requireTimezone(o.timezone);
  const timezone = new Intl.DateTimeFormat('en-US', { timeZone: given }).resolvedOptions().timeZone;
  return { timeOfDay, timezone, weekdaysOnly: o.weekdays, topic: o.topic?.trim() ?? '' };
}

export async function handleDigestCommand(interaction: ChatInputCommandInteraction, command: DigestCommand, deps: { bot: BriefBot; logger: Logger }): Promise<void> {
  const channel: ChannelRef = { platform: 'discord', channelId: interaction.channelId };
  const where = interaction.inGuild() ? 'this channel' : 'this conversation';
  const user = { id: interaction.user.id, canManage: canManageDigests(interaction) };
  const digests = deps.bot.digests;
  let content: string;
  try {
    switch (command.kind) {
      case 'subscribe': {
        const sub = digests.subscribe(channel, subscribeArgs(command, deps.bot.config), user);
        content = `Done: ${where} gets a digest at ${escapeDiscord(describeSubscription(sub))}.`;
        if (interaction.inGuild()) content += ' I need **View Channel**, **Send Messages** and **Embed Links** here to post it.';
        break;
      }
      case 'unsubscribe': {
        const removed = digests.unsubscribe(channel, command.topic, user);
        const about = command.topic ? ` about “${escapeDiscord(command.topic)}”` : '';
        content = removed === 0 ? `No digest${about} in ${where}; nothing changed.` : `Stopped ${removed} digest${removed === 1 ? '' : 's'}${about} in ${where}.`;
        break;
      }
      case 'subscriptions':
        content = renderSubscriptions(digests.list(channel).map(describeSubscription));
        break;
      case 'sources':
        content = renderSources(digests.sources(channel));
        break;
    }
  } catch (e) {
    content = errorReply(e, deps.logger, { command: command.kind, user: interaction.user.id, channelId: interaction.channelId });
  }
  await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
}
