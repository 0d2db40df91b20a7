// `/brief subscribe | unsubscribe | subscriptions | sources`: a channel's scheduled digests. Changing them needs
// Manage Channels or Manage Server in that channel (in a DM, the person may subscribe the DM itself); listing them
// and their sources is open to everyone. Every reply is ephemeral; all of it is local work, so no defer.
import { MessageFlags, PermissionFlagsBits, type ChatInputCommandInteraction } from 'discord.js';
import type { BriefBot } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import { describeSubscription, type ChannelRef } from '../../src/digest/service.js';
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

/** The core parses "[HH:MM] [timezone] [weekdays] [topic…]" by position and shape: a timezone must contain "/". */
function speakable(tz: string): boolean {
  return tz.includes('/') || /^(utc|gmt)$/i.test(tz);
}

/**
 * Discord's named options → the core's argument text. Each option is validated here first: in free text a time
 * the core does not recognise, or a timezone without a "/", would silently become part of the topic. Time and
 * timezone are always written out (the configured defaults when not given) so the topic can never be read as one.
 */
export function subscribeArgs(o: SubscribeOptions, defaults: Pick<Config, 'DIGEST_TIME' | 'DIGEST_TZ'>): string {
  const time = o.time === undefined ? defaults.DIGEST_TIME : parseTimeOfDay(o.time);
  if (!time) throw new UserError('BAD_ARGUMENT', `“${o.time ?? ''}” is not a time I understand: use ${TIME_FORMS}.`);
  let timezone = o.timezone === undefined ? defaults.DIGEST_TZ : requireTimezone(o.timezone);
  // Intl maps aliases to their canonical Region/City name ("Japan" → "Asia/Tokyo").
  if (!speakable(timezone)) timezone = new Intl.DateTimeFormat('en-US', { timeZone: timezone }).resolvedOptions().timeZone;
  if (!speakable(timezone)) {
    if (o.timezone !== undefined) throw new UserError('BAD_ARGUMENT', `Please give the timezone as a Region/City name such as Europe/London or Asia/Tokyo, or UTC (not “${o.timezone}”).`);
    timezone = ''; // a configured default the core cannot read back: leave it to the core's own default
  }
  return [time, timezone, o.weekdays ? 'weekdays' : '', o.topic ?? ''].filter(Boolean).join(' ');
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
