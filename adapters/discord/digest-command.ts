// `/digest subscribe | unsubscribe | list | sources`: a channel's scheduled digests. Changing them needs
// Manage Channels or Manage Server in that channel (in a DM, the person may subscribe the DM itself); listing them
// and their sources is open to everyone. Every reply is ephemeral; all of it is local work, so no defer.
import { MessageFlags, PermissionFlagsBits, type ChatInputCommandInteraction } from 'discord.js';
import { describeSubscription, subscribedReply, unsubscribedReply, type ChannelRef, type Manager } from '../../src/digest/service.js';
import type { PlatformDeps } from '../../src/platform.js';
import type { BriefCommand } from './command-definitions.js';
import { errorReply } from './errors.js';
import { addedReply, removedReply } from '../../src/sources/service.js';
import { followedListing, sourcesListing, subscriptionsListing } from '../../src/render/view.js';
import { DISCORD_LIMITS, escapeDiscord, NO_PINGS, renderListing, truncate } from './render.js';

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

/** What a digest needs of the bot in a channel, by the names Discord's settings show. */
const TO_POST = [
  ['View Channel', PermissionFlagsBits.ViewChannel],
  ['Send Messages', PermissionFlagsBits.SendMessages],
  ['Embed Links', PermissionFlagsBits.EmbedLinks],
] as const;

/** The permissions the bot lacks to post a digest in the interaction's channel (Discord sends them with it). */
export function missingToPost(interaction: ChatInputCommandInteraction): string[] {
  if (!interaction.inGuild()) return [];
  return TO_POST.filter(([, flag]) => !interaction.appPermissions.has(flag)).map(([name]) => name);
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
        const missing = missingToPost(interaction);
        if (missing.length > 0) {
          // checked now, when someone can fix it, rather than on the morning the digest fails
          content = `I cannot post a digest here: I am missing ${missing.map((p) => `**${p}**`).join(', ')} in this channel. Give me ${missing.length === 1 ? 'it' : 'them'}, then subscribe again.`;
          break;
        }
        const sub = await digests.subscribe(channel, command, user);
        content = escapeDiscord(subscribedReply(sub, where));
        break;
      }
      case 'unsubscribe': {
        const removed = await digests.unsubscribe(channel, command.topic, user);
        content = escapeDiscord(unsubscribedReply(removed, command.topic, where));
        break;
      }
      case 'subscriptions':
        content = renderListing(subscriptionsListing((await digests.list(channel)).map(describeSubscription), '`/digest subscribe`'));
        break;
      case 'sources':
        if (command.add || command.remove) {
          await handleSourceChange(interaction, command, { ...deps, user });
          return;
        }
        content = truncate(`${renderListing(followedListing(await deps.bot.sources.list()))}\n\n${renderListing(sourcesListing(await digests.sources(channel)))}`, DISCORD_LIMITS.content);
        break;
    }
  } catch (e) {
    content = errorReply(e, deps.logger, { command: command.kind, user: interaction.user.id, channelId: interaction.channelId });
  }
  await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
}

/** `/digest sources add:<url>` or `remove:<url>`: fetching a feed can take longer than Discord's 3 s, so it defers. */
async function handleSourceChange(
  interaction: ChatInputCommandInteraction,
  command: Extract<DigestCommand, { kind: 'sources' }>,
  deps: Pick<PlatformDeps, 'bot' | 'logger'> & { user: Manager },
): Promise<void> {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  let content: string;
  try {
    if (command.add) {
      const added = await deps.bot.sources.add(command.add, { origin: 'chat', addedBy: deps.user.id, ...(command.name ? { name: command.name } : {}) }, deps.user);
      content = escapeDiscord(addedReply(added));
    } else {
      const target = command.remove ?? '';
      const removed = await deps.bot.sources.remove(target, deps.user);
      content = escapeDiscord(removedReply(removed, target));
    }
  } catch (e) {
    content = errorReply(e, deps.logger, { command: 'sources', user: interaction.user.id, channelId: interaction.channelId });
  }
  await interaction.editReply({ content: truncate(content, DISCORD_LIMITS.content), allowedMentions: NO_PINGS });
}
