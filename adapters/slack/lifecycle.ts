// What Slack says about the bot's place in a workspace: a channel archived or deleted, the bot removed from a
// channel, the app uninstalled or its token revoked. Each pauses the digests it makes undeliverable (subscribing
// again resumes them), rather than let them fail every day; the last two also forget the workspace's installation
// (OAuth), so a reinstall starts afresh. With many workspaces only the workspace that said so is affected.
import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { SlackDeps } from './workspaces.js';

const ChannelEvent = z.object({ channel: z.string() });
const LeftChannel = z.object({ user: z.string(), channel: z.string() });
const TokensRevoked = z.object({ tokens: z.object({ bot: z.array(z.string()).optional() }) });
/** The team an event came from: in the envelope (Bolt's context has none once the token is gone). */
const Envelope = z.object({ team_id: z.string().optional() });

export function listenLifecycle(app: App, { bot, logger, workspaces }: SlackDeps, botUserId: () => string | undefined): void {
  const teamOf = (body: unknown) => Envelope.safeParse(body).data?.team_id;
  const pause = async (team: string | undefined, reason: string, channelIds?: string[]) => {
    const workspaceId = workspaces.key(team);
    const paused = await bot.digests.pauseChannels('slack', reason, { ...(channelIds ? { channelIds } : {}), ...(workspaceId ? { workspaceId } : {}) });
    if (paused > 0) logger.warn({ paused, team, channels: channelIds ?? 'all', reason }, 'slack: digests paused');
  };
  const goodbye = async (body: unknown, reason: string) => {
    const team = teamOf(body);
    await pause(team, reason);
    if (await workspaces.forget(team)) logger.warn({ team, reason }, 'slack: installation removed');
  };
  const onChannel = (reason: string) => async ({ event, body }: { event: unknown; body: unknown }) => {
    const parsed = ChannelEvent.safeParse(event);
    if (parsed.success) await pause(teamOf(body), reason, [parsed.data.channel]);
  };
  app.event('channel_archive', onChannel('the channel was archived'));
  app.event('group_archive', onChannel('the channel was archived'));
  app.event('channel_deleted', onChannel('the channel was deleted'));
  app.event('group_deleted', onChannel('the channel was deleted'));
  app.event('member_left_channel', async ({ event, body, context }) => {
    const parsed = LeftChannel.safeParse(event);
    if (parsed.success && parsed.data.user === (context.botUserId ?? botUserId())) await pause(teamOf(body), 'I was removed from the channel', [parsed.data.channel]);
  });
  app.event('app_uninstalled', async ({ body }) => goodbye(body, 'the app was uninstalled'));
  app.event('tokens_revoked', async ({ event, body }) => {
    if ((TokensRevoked.safeParse(event).data?.tokens.bot?.length ?? 0) > 0) await goodbye(body, "the bot's token was revoked");
  });
}
