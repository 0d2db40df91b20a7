// What Slack says about the bot's place in the workspace: a channel archived or deleted, the bot removed from a
// channel, the app uninstalled or its token revoked. Each pauses the digests it makes undeliverable (subscribing
// again resumes them), rather than let them fail every day.
import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { PlatformDeps } from '../../src/platform.js';

const ChannelEvent = z.object({ channel: z.string() });
const LeftChannel = z.object({ user: z.string(), channel: z.string() });
const TokensRevoked = z.object({ tokens: z.object({ bot: z.array(z.string()).optional() }) });

export function listenLifecycle(app: App, { bot, logger }: PlatformDeps, botUserId: () => string | undefined): void {
  const pause = (reason: string, channelIds?: string[]) => {
    const paused = bot.digests.pauseChannels('slack', reason, channelIds);
    if (paused > 0) logger.warn({ paused, channels: channelIds ?? 'all', reason }, 'slack: digests paused');
  };
  const onChannel = (reason: string) => async ({ event }: { event: unknown }) => {
    const parsed = ChannelEvent.safeParse(event);
    if (parsed.success) pause(reason, [parsed.data.channel]);
  };
  app.event('channel_archive', onChannel('the channel was archived'));
  app.event('group_archive', onChannel('the channel was archived'));
  app.event('channel_deleted', onChannel('the channel was deleted'));
  app.event('group_deleted', onChannel('the channel was deleted'));
  app.event('member_left_channel', async ({ event, context }) => {
    const parsed = LeftChannel.safeParse(event);
    if (parsed.success && parsed.data.user === (context.botUserId ?? botUserId())) pause('I was removed from the channel', [parsed.data.channel]);
  });
  app.event('app_uninstalled', async () => pause('the app was uninstalled'));
  app.event('tokens_revoked', async ({ event }) => {
    if ((TokensRevoked.safeParse(event).data?.tokens.bot?.length ?? 0) > 0) pause("the bot's token was revoked");
  });
}
