// `/brief subscribe | unsubscribe | subscriptions | sources`: a channel's scheduled digests. Changing them is for
// the people permissions.ts names; listing them and their sources is open to everyone. Every reply is ephemeral.
import { describeSubscription, subscribedReply, unsubscribedReply, type ChannelRef } from '../../src/digest/service.js';
import { manager } from './permissions.js';
import { renderSources, renderSubscriptions, safeText } from './render.js';
import type { CommandContext, Subcommand } from './subcommand.js';

const here = (ctx: CommandContext): ChannelRef => ({ platform: 'slack', channelId: ctx.body.channel_id });

async function reply(ctx: CommandContext, text: string): Promise<void> {
  await ctx.respond({ response_type: 'ephemeral', replace_original: false, text });
}

const asManager = (ctx: CommandContext) => manager(ctx.client, ctx.body.user_id, ctx.config.BRIEFBOT_ADMINS, ctx.logger);

// No `ack` on these: the permission check is a Web API call, so the command is acknowledged empty at once
// and the answer follows through response_url (as a brief does).
export const DIGEST_SUBCOMMANDS: Record<string, Subcommand> = {
  subscribe: {
    usage: '/brief subscribe [HH:MM] [timezone] [weekdays] [topic]',
    summary: 'post a digest of the news in this channel every day, e.g. `/brief subscribe 08:30 Europe/London weekdays vaccines` (admins)',
    async run(ctx) {
      const sub = ctx.bot.digests.subscribe(here(ctx), ctx.parsed.args, await asManager(ctx));
      await reply(
        ctx,
        `${safeText(subscribedReply(sub, 'this channel'))} ` +
          'If briefbot is not a member of this channel yet, invite it (`/invite @briefbot`) so it can post here.',
      );
    },
  },
  unsubscribe: {
    usage: '/brief unsubscribe [topic]',
    summary: "stop this channel's digests (only the one about a topic, when given) (admins)",
    async run(ctx) {
      const topic = ctx.parsed.args || undefined;
      const removed = ctx.bot.digests.unsubscribe(here(ctx), topic, await asManager(ctx));
      await reply(ctx, safeText(unsubscribedReply(removed, topic, 'this channel')));
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
