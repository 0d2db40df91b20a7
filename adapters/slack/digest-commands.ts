// `/brief subscribe | unsubscribe | subscriptions | sources`: a channel's scheduled digests. Changing them is
// for workspace admins and owners (read with users.info, scope users:read) and for the Slack user ids listed in
// BRIEFBOT_ADMINS; listing them and their sources is open to everyone. Every reply is ephemeral.
import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import { describeSubscription, type ChannelRef } from '../../src/digest/service.js';
import { UserError } from '../../src/errors.js';
import type { Logger } from '../../src/log.js';
import { renderSources, renderSubscriptions, safeText } from '../../src/render/slack.js';
import type { CommandContext, Subcommand } from './commands.js';

/** The fields of users.info we rely on; Slack omits the flags for some account types, so they are optional. */
const UserInfo = z.object({
  user: z.object({ is_admin: z.boolean().optional(), is_owner: z.boolean().optional(), is_primary_owner: z.boolean().optional() }),
});

/** What a failed Web API call carries: `data.error` is Slack's error string (e.g. missing_scope). */
const PlatformError = z.object({ data: z.object({ error: z.string() }) });

/**
 * True when `userId` may change this workspace's digests. BRIEFBOT_ADMINS is checked first, so the deployment's
 * own list works even without users:read. A missing scope is explained to the user (it is a setup problem, and
 * answering "only admins can…" to an admin would mislead); any other failure propagates as an internal error.
 */
export async function canManageDigests(client: webApi.WebClient, userId: string, admins: readonly string[], logger: Logger): Promise<boolean> {
  if (admins.includes(userId)) return true;
  let res: unknown;
  try {
    res = await client.users.info({ user: userId });
  } catch (error) {
    const slackError = PlatformError.safeParse(error).data?.data.error;
    if (slackError === 'missing_scope' || slackError === 'not_allowed_token_type') {
      logger.warn({ user: userId, slackError }, 'users.info refused: the Slack app lacks the users:read scope');
      throw new UserError('CONFIG', 'I cannot check workspace roles: the briefbot Slack app is missing the users:read scope (reinstall it from the manifest). Users listed in BRIEFBOT_ADMINS can still manage digests.');
    }
    throw error;
  }
  const parsed = UserInfo.safeParse(res);
  if (!parsed.success) {
    logger.warn({ user: userId, issues: parsed.error.issues }, 'unexpected users.info payload; treating the user as not an admin');
    return false;
  }
  const u = parsed.data.user;
  return Boolean(u.is_admin || u.is_owner || u.is_primary_owner);
}

const here = (ctx: CommandContext): ChannelRef => ({ platform: 'slack', channelId: ctx.body.channel_id });

async function reply(ctx: CommandContext, text: string): Promise<void> {
  await ctx.respond({ response_type: 'ephemeral', replace_original: false, text });
}

async function manager(ctx: CommandContext): Promise<{ id: string; canManage: boolean }> {
  const canManage = await canManageDigests(ctx.client, ctx.body.user_id, ctx.bot.config.BRIEFBOT_ADMINS, ctx.logger);
  return { id: ctx.body.user_id, canManage };
}

// No `ack` on these: the permission check is a Web API call, so the command is acknowledged empty at once
// and the answer follows through response_url (as a brief does).
export const DIGEST_SUBCOMMANDS: Record<string, Subcommand> = {
  subscribe: {
    usage: '/brief subscribe [HH:MM] [timezone] [weekdays] [topic]',
    summary: 'post a digest of the news in this channel every day, e.g. `/brief subscribe 08:30 Europe/London weekdays vaccines` (admins)',
    async run(ctx) {
      const sub = ctx.bot.digests.subscribe(here(ctx), ctx.parsed.args, await manager(ctx));
      await reply(
        ctx,
        `Done: this channel gets a digest at ${safeText(describeSubscription(sub))}. ` +
          'If briefbot is not a member of this channel yet, invite it (`/invite @briefbot`) so it can post here.',
      );
    },
  },
  unsubscribe: {
    usage: '/brief unsubscribe [topic]',
    summary: "stop this channel's digests (only the one about a topic, when given) (admins)",
    async run(ctx) {
      const topic = ctx.parsed.args || undefined;
      const removed = ctx.bot.digests.unsubscribe(here(ctx), topic, await manager(ctx));
      const about = topic ? ` about “${safeText(topic)}”` : '';
      await reply(ctx, removed === 0 ? `This channel had no digest${about}; nothing changed.` : `Stopped ${removed} digest${removed === 1 ? '' : 's'}${about} in this channel.`);
    },
  },
  subscriptions: {
    usage: '/brief subscriptions',
    summary: "this channel's scheduled digests",
    async run(ctx) {
      await reply(ctx, renderSubscriptions(ctx.bot.digests.list(here(ctx)).map(describeSubscription)));
    },
  },
  sources: {
    usage: '/brief sources',
    summary: "the outlets feeding this channel's digest, with how many new articles each has",
    async run(ctx) {
      await reply(ctx, renderSources(ctx.bot.digests.sources(here(ctx))));
    },
  },
};
