// `/brief subscribe | unsubscribe | subscriptions | sources`: a channel's scheduled digests. Changing them needs
// Manage Channels or Manage Server in that channel (in a DM, the person may subscribe the DM itself); listing them
// and their sources is open to everyone. Every reply is ephemeral; all of it is local work, so no defer.
import { MessageFlags, PermissionFlagsBits, type ChatInputCommandInteraction } from 'discord.js';
import { describeSubscription, subscribedReply, unsubscribedReply, type ChannelRef, type Manager } from '../../src/digest/service.js';
import type { PlatformDeps } from '../../src/platform.js';
import type { BriefCommand } from './command-definitions.js';
import { errorReply } from './errors.js';
import { escapeDiscord, NO_PINGS, renderSources, renderSubscriptions } from './render.js';

export const WHO_CAN_MANAGE = 'Discord: Manage Channels or Manage Server';

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

export async function handleDigestCommand(interaction: ChatInputCommandInteraction, command: DigestCommand, deps: Pick<PlatformDeps, 'bot' | 'logger'>): Promise<void> {
  const channel: ChannelRef = { platform: 'discord', channelId: interaction.channelId };
  const where = interaction.inGuild() ? 'this channel' : 'this conversation';
  const user: Manager = { id: interaction.user.id, canManage: canManageDigests(interaction), whoCan: WHO_CAN_MANAGE };
  const digests = deps.bot.digests;
  let content: string;
  try {
    switch (command.kind) {
      case 'subscribe': {
        const sub = digests.subscribe(channel, command, user);
        content = escapeDiscord(subscribedReply(sub, where));
        if (interaction.inGuild()) content += ' I need **View Channel**, **Send Messages** and **Embed Links** here to post it.';
        break;
      }
      case 'unsubscribe': {
        const removed = digests.unsubscribe(channel, command.topic, user);
        content = escapeDiscord(unsubscribedReply(removed, command.topic, where));
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
