// The Discord door: a discord.js gateway client that turns /brief, mentions and button clicks into core calls,
// and posts digests. Handlers never throw into discord.js: every failure is logged and, where possible, answered.
import { once } from 'node:events';
import {
  Client,
  DiscordAPIError,
  RESTEvents,
  RESTJSONErrorCodes,
  Events,
  GatewayIntentBits,
  MessageFlags,
  Options,
  Partials,
  type ClientOptions,
  type Interaction,
  type RESTOptions,
} from 'discord.js';
import type { Brief } from '../../src/domain.js';
import type { Destination } from '../../src/digest/runner.js';
import { UserError } from '../../src/errors.js';
import type { PlatformAdapter, PlatformDeps } from '../../src/platform.js';
import { briefPayloads, handleBriefCommand } from './brief-command.js';
import { isTransient } from './errors.js';
import { handleFeedbackButton, isFeedbackButton } from './feedback-button.js';
import { createMentionState, handleMessage } from './mention.js';
import { resumeUnfinished } from './resume.js';
import { handleAskCommand } from './ask-command.js';
import { askCommand } from './command-definitions.js';
import { restBase, syncCommands } from './register.js';
import { z } from 'zod';
import { Cooldowns } from '../kit/cooldowns.js';
import { installPacketGuard } from './packet-guard.js';
import { DISCORD_LIMITS, escapeDiscord, NO_PINGS, OUT_OF_DATE, truncate } from './render.js';

/** Only what the bot uses. MessageContent is privileged: see docs/discord.md. */
/**
 * Without the privileged Message Content intent Discord still sends the text of messages that mention the bot and
 * of DMs, which is all a question needs; with it (DISCORD_MESSAGE_CONTENT=true, once approved) a reply to an
 * answer is read even when it does not mention the bot. Asking for it unapproved, the gateway closes with 4014.
 */
export function intents(messageContent: boolean): GatewayIntentBits[] {
  const base = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];
  return messageContent ? [...base, GatewayIntentBits.MessageContent] : base;
}

export interface DiscordAdapterOptions {
  /** Defaults to DISCORD_TOKEN. */
  token?: string;
  /** REST base such as http://127.0.0.1:1234/api; defaults to DISCORD_API_URL, else Discord's. */
  apiUrl?: string;
  /** Extra REST options, e.g. `{ retries: 0, timeout: 2000 }` in tests. */
  rest?: Partial<RESTOptions>;
  /** Size of the in-memory maps (answered ids, conversations, digests of conversations). */
  memorySize?: number;
  /** Milliseconds to wait for the gateway's READY on start. */
  readyTimeoutMs?: number;
}

export interface DiscordAdapter extends PlatformAdapter {
  readonly platform: 'discord';
  readonly client: Client;
}

const GuildRemoved = z.object({ id: z.string(), unavailable: z.boolean().optional() });

export function createDiscordAdapter(platformDeps: PlatformDeps, options: DiscordAdapterOptions = {}): DiscordAdapter {
  const { bot, config } = platformDeps;
  const log = platformDeps.logger.child({ platform: 'discord' });
  const clientOptions: ClientOptions = {
    intents: intents(config.DISCORD_MESSAGE_CONTENT),
    partials: [Partials.Channel], // DM channels are not cached until a DM arrives
    allowedMentions: NO_PINGS,
    failIfNotExists: false, // a question deleted before the answer is ready still gets its answer
    // No message cache: nothing here reads it, and it keeps memory flat (replays are handled by our own LRU).
    makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, MessageManager: 0 }),
    rest: { ...restBase(options.apiUrl ?? config.DISCORD_API_URL), ...options.rest },
    // DISCORD_SHARDS: every shard in this process (each replica connects its own; the inbox answers a repeat once)
    ...(config.DISCORD_SHARDS === 'auto' ? { shards: 'auto' as const }
      : config.DISCORD_SHARDS ? { shards: [...Array(config.DISCORD_SHARDS).keys()], shardCount: config.DISCORD_SHARDS } : {}),
  };
  const client = new Client(clientOptions);
  const state = createMentionState(options.memorySize ?? 2000);
  const botId = () => client.user?.id ?? '';
  const deps = { ...platformDeps, logger: log, botId, cooldowns: Cooldowns.from(config) };

  /** Handlers running now: stop() waits for them, so an answer is not cut off between being sent and recorded. */
  const inFlight = new Set<Promise<void>>();
  /** Runs a handler so that no rejection escapes into discord.js's event emitter. */
  const guard = (what: string, fn: () => Promise<void>) => {
    const work = fn().catch((err: unknown) => log.error({ err, what }, 'discord: handler failed'));
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  installPacketGuard(client, log);
  client.on(Events.MessageCreate, (message) => guard('message', () => handleMessage(message, deps, state)));
  client.on(Events.InteractionCreate, (interaction: Interaction) =>
    guard('interaction', async () => {
      if (interaction.isChatInputCommand()) await handleBriefCommand(interaction, deps);
      else if (interaction.isMessageContextMenuCommand() && interaction.commandName === askCommand.name) await handleAskCommand(interaction, deps);
      else if (interaction.isAutocomplete()) {
        // the topic of /brief: recent headlines that contain what was typed
        await interaction.respond((await bot.topicSuggestions(String(interaction.options.getFocused()))).map((t) => ({ name: t, value: t })));
      }
      else if (interaction.isButton() && isFeedbackButton(interaction.customId)) await handleFeedbackButton(interaction, deps);
      else if (interaction.isRepliable()) {
        log.warn({ type: interaction.type }, 'discord: unknown interaction; told the user it is out of date');
        await interaction.reply({ content: OUT_OF_DATE, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
      } else log.debug('discord: ignoring an interaction that takes no reply');
    }),
  );
  // every failed REST call, for /metrics (discord.js retries 5xx and waits out 429s itself)
  client.rest.on(RESTEvents.Response, (_request, response) => {
    if (response.status >= 400) bot.platformError('discord', response.status === 429 ? 'ratelimited' : `http_${response.status}`);
  });
  // a channel deleted, or the bot removed from a server: pause the digests that can no longer go out there
  const pause = (reason: string, channelIds: string[]) => {
    bot.digests.pauseChannels('discord', reason, { channelIds }).then(
      (paused) => paused > 0 && log.warn({ paused, channels: channelIds, reason }, 'discord: digests paused'),
      (err: unknown) => log.error({ err, channels: channelIds, reason }, 'discord: could not pause the digests'),
    );
  };
  client.on(Events.ChannelDelete, (channel) => pause('the channel was deleted', [channel.id]));
  // read on the raw packet, before discord.js forgets the server's channels (an outage says unavailable: true)
  client.on(Events.Raw, (packet: { t: string | null; d: unknown }) => {
    const removed = packet.t === 'GUILD_DELETE' ? GuildRemoved.safeParse(packet.d) : undefined;
    if (removed?.success && !removed.data.unavailable) pause('I was removed from the server', [...(client.guilds.cache.get(removed.data.id)?.channels.cache.keys() ?? [])]);
  });
  client.on(Events.Error, (err) => log.error({ err }, 'discord: client error'));
  client.on(Events.Warn, (message) => log.warn(message));
  client.on(Events.ShardDisconnect, (event, shard) => log.warn({ code: event.code, shard }, 'discord: gateway disconnected'));
  client.on(Events.ShardResume, (shard, replayed) => log.info({ shard, replayed }, 'discord: gateway resumed'));

  return {
    platform: 'discord',
    client,
    isTransient,
    async start() {
      const token = options.token ?? config.DISCORD_TOKEN;
      if (!token) throw new UserError('CONFIG', 'DISCORD_TOKEN is not set: see docs/discord.md for how to get a bot token.');
      const ready = once(client, Events.ClientReady, { signal: AbortSignal.timeout(options.readyTimeoutMs ?? 30_000) });
      // Promise.all observes both, so a failed login leaves no dangling rejection from the ready wait.
      await Promise.all([ready, client.login(token)]);
      log.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'discord: connected');
      // the command definitions Discord holds, brought up to date after an upgrade: in the background
      guard('commands', async () => {
        if (await syncCommands(config, client.rest)) log.info('discord: published the updated slash command definitions');
      });
      // questions a process before this one took on and did not answer (it was killed): in the background
      guard('resume', async () => {
        const n = await resumeUnfinished(client, deps, state);
        if (n > 0) log.info({ resumed: n }, 'discord: resumed unfinished work');
      });
    },
    async stop() {
      await Promise.allSettled([...inFlight]); // bin/main.ts bounds the whole shutdown
      await client.destroy();
    },
    connected: () => client.isReady(),
    async tell(userId: string, text: string) {
      const user = await client.users.fetch(userId);
      await user.send({ content: truncate(escapeDiscord(text), DISCORD_LIMITS.content), allowedMentions: NO_PINGS });
    },
    async post({ channelId }: Destination, brief: Brief, accepted: string[] = []) {
      const channel = await client.channels.fetch(channelId).catch((err: unknown) => {
        if (err instanceof DiscordAPIError && (err.code === RESTJSONErrorCodes.UnknownChannel || err.code === RESTJSONErrorCodes.MissingAccess)) return null;
        throw err;
      });
      if (!channel?.isSendable()) throw new UserError('BAD_ARGUMENT', `Discord channel ${channelId} is unknown, not visible to the bot, or not a channel it can post in.`);
      // a retry goes on after the last message accepted
      for (const [i, payload] of (await briefPayloads(brief, bot)).entries()) {
        if (i < accepted.length) continue;
        const sent = await channel.send({ ...payload, allowedMentions: NO_PINGS });
        accepted.push(sent.id);
      }
      return [...accepted];
    },
  };
}
