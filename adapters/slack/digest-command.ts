// `/brief subscribe | unsubscribe | subscriptions | sources`: a channel's scheduled digests. Changing them is for
// the people permissions.ts names; listing them and their sources is open to everyone. Every reply is ephemeral.
import { describeSubscription, subscribedReply, unsubscribedReply, type ChannelRef } from '../../src/digest/service.js';
import { addedReply, removedReply } from '../../src/sources/service.js';
import { manager } from './permissions.js';
import { followedListing, sourcesListing, subscriptionsListing } from '../../src/render/view.js';
import { renderListing, safeText } from './render.js';
import type { CommandContext, Subcommand } from './subcommand.js';

const here = (ctx: CommandContext): ChannelRef => {
  const workspaceId = ctx.workspaces.key(ctx.body.team_id);
  return { platform: 'slack', channelId: ctx.body.channel_id, ...(workspaceId ? { workspaceId } : {}) };
};

async function reply(ctx: CommandContext, text: string): Promise<void> {
  await ctx.respond({ response_type: 'ephemeral', replace_original: false, text });
}

const asManager = (ctx: CommandContext) => manager(ctx.client, { userId: ctx.body.user_id, workspaceId: ctx.workspaces.key(ctx.body.team_id) }, ctx.config.BRIEFBOT_ADMINS, ctx.logger);

// No `ack` on these: the permission check is a Web API call, so the command is acknowledged empty at once
// and the answer follows through response_url (as a brief does).
export const DIGEST_SUBCOMMANDS: Record<string, Subcommand> = {
  subscribe: {
    usage: '/brief subscribe [HH:MM] [timezone] [weekdays] [topic]',
    summary: 'post a digest of the news in this channel every day, e.g. `/brief subscribe 08:30 Europe/London weekdays vaccines` (admins)',
    async run(ctx) {
      const sub = await ctx.bot.digests.subscribe(here(ctx), ctx.parsed.args, await asManager(ctx));
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
      const removed = await ctx.bot.digests.unsubscribe(here(ctx), topic, await asManager(ctx));
      await reply(ctx, safeText(unsubscribedReply(removed, topic, 'this channel')));
    },
  },
  subscriptions: {
    usage: '/brief subscriptions',
    summary: "this channel's scheduled digests",
    async run(ctx) {
      await reply(ctx, renderListing(subscriptionsListing((await ctx.bot.digests.list(here(ctx))).map(describeSubscription), '`/brief subscribe` (see `/brief help`)')));
    },
  },
  sources: {
    usage: '/brief sources [add <url> [name] | remove <url>]',
    summary: "the feeds I follow and the outlets feeding this channel's digest; `add` follows a feed (or the feed a site names), `remove` stops (admins)",
    async run(ctx) {
      const [verb = '', target = '', ...name] = ctx.parsed.args.split(/\s+/).filter(Boolean);
      if (/^add$/i.test(verb) && target) {
        const added = await ctx.bot.sources.add(target, { origin: 'chat', addedBy: ctx.body.user_id, ...(name.length ? { name: name.join(' ') } : {}) }, await asManager(ctx));
        await reply(ctx, safeText(addedReply(added)));
      } else if (/^remove$/i.test(verb) && target) {
        const removed = await ctx.bot.sources.remove(target, await asManager(ctx));
        await reply(ctx, safeText(removedReply(removed, target)));
      } else {
        await reply(ctx, `${renderListing(followedListing(await ctx.bot.sources.list()))}\n\n${renderListing(sourcesListing(await ctx.bot.digests.sources(here(ctx))))}`);
      }
    },
  },
};
