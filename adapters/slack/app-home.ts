// The App Home tab: how to use briefbot, and this workspace's scheduled digests (paused ones say why), published
// each time someone opens it.
import type { App } from '@slack/bolt';
import { z } from 'zod';
import { describeSubscription } from '../../src/digest/service.js';
import type { SlackDeps } from './workspaces.js';
import { helpText } from './brief-command.js';
import { clip, safeText, SLACK_LIMITS } from './render.js';

const HomeOpened = z.object({ user: z.string(), tab: z.string() });

/** The Home tab's blocks: help, then every digest of the workspace (one line each, as many as fit). */
export async function homeView(deps: Pick<SlackDeps, 'bot'>, workspaceId: string | undefined) {
  const digests = (await deps.bot.digests.all()).filter((s) => s.platform === 'slack' && s.workspaceId === workspaceId);
  const lines = digests.map((s) => `• <#${s.channelId}>: ${safeText(describeSubscription(s))}`);
  const list = lines.length > 0 ? clip(lines.join('\n'), SLACK_LIMITS.sectionText) : 'No channel has a scheduled digest yet: `/brief subscribe` in a channel sets one up.';
  return {
    type: 'home' as const,
    blocks: [
      { type: 'header' as const, text: { type: 'plain_text' as const, text: 'briefbot' } },
      { type: 'section' as const, text: { type: 'mrkdwn' as const, text: clip(helpText(), SLACK_LIMITS.sectionText) } },
      { type: 'divider' as const },
      { type: 'section' as const, text: { type: 'mrkdwn' as const, text: `*Scheduled digests in this workspace (${digests.length})*\n${list}` } },
    ],
  };
}

export function listenAppHome(app: App, deps: SlackDeps): void {
  app.event('app_home_opened', async ({ event, client, context }) => {
    const opened = HomeOpened.safeParse(event);
    if (!opened.success || opened.data.tab !== 'home') return;
    const view = await homeView(deps, deps.workspaces.key(context.teamId));
    await client.views
      .publish({ ...(context.botToken ? { token: context.botToken } : {}), user_id: opened.data.user, view })
      .catch((err: unknown) => deps.logger.warn({ err, user: opened.data.user }, 'slack: could not publish the Home tab'));
  });
}
