// Wires the real Discord adapter (real discord.js) to the fake REST API and gateway, plus builders for the
// gateway payloads a test dispatches (MESSAGE_CREATE, INTERACTION_CREATE).
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { createDiscordAdapter, type DiscordAdapter, type DiscordAdapterOptions } from '../../adapters/discord/index.js';
import type { Logger } from '../../src/log.js';
import type { PlatformDeps } from '../../src/platform.js';
import { testApp, type TestApp, type TestAppOptions } from '../helpers/bot.js';
import { startFakeDiscordGateway, type FakeDiscordGateway } from './discord-gateway.js';
import { messageObject, snowflake, startFakeDiscordRest, type FakeChannel, type FakeDiscordRest, type FakeUser } from './discord-rest.js';

export const BOT: FakeUser = { id: '900000000000000001', username: 'briefbot', bot: true };
export const APP_ID = '900000000000000002';
export const GUILD_ID = '900000000000000010';
export const CHANNEL_ID = '900000000000000011';
export const DM_CHANNEL_ID = '900000000000000030';
export const ALICE: FakeUser = { id: '900000000000000020', username: 'alice' };
export const OTHER_BOT: FakeUser = { id: '900000000000000021', username: 'newsfeed', bot: true };

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** A pino logger whose lines are kept for assertions. */
export function memoryLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString('utf8').split('\n')) if (l.trim()) lines.push(JSON.parse(l) as LogLine);
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

export interface DiscordHarness {
  rest: FakeDiscordRest;
  gateway: FakeDiscordGateway;
  adapter: DiscordAdapter;
  logs: LogLine[];
  /** Dispatches a user's MESSAGE_CREATE and returns its payload (id etc.). */
  message(content: string, extra?: Record<string, unknown>): Record<string, unknown>;
  /** Dispatches a /brief chat-input interaction; `extra` overrides payload fields (member permissions, a DM…). */
  command(subcommand: string, options?: { name: string; type: number; value: unknown }[], extra?: Record<string, unknown>): Record<string, unknown>;
  /** Dispatches a button click on a message the bot sent. */
  button(customId: string, user?: FakeUser): Record<string, unknown>;
  close(): Promise<void>;
}

export function messagePayload(content: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const mentions = content.includes(`<@${BOT.id}>`) ? [BOT] : [];
  return {
    ...messageObject(CHANNEL_ID, ALICE, { content, mentions }),
    guild_id: GUILD_ID,
    member: { roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 },
    ...extra,
  };
}

/** A guild member (ALICE by default) whose computed permissions in the channel are `permissions` (a bit field). */
export function memberWith(permissions: bigint | string, user: FakeUser = ALICE): Record<string, unknown> {
  return {
    user: { ...user, discriminator: '0', avatar: null, global_name: null },
    roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0, permissions: String(permissions),
  };
}

/** Payload fields that turn an interaction into one from a DM with the bot (no guild, no member). */
export function dmInteraction(user: FakeUser = ALICE): Record<string, unknown> {
  return {
    guild_id: undefined, member: undefined, guild_locale: undefined, context: 1,
    user: { ...user, discriminator: '0', avatar: null, global_name: null },
    channel_id: DM_CHANNEL_ID, channel: { id: DM_CHANNEL_ID, type: 1, recipients: [{ ...user, discriminator: '0', avatar: null, global_name: null }] },
  };
}

export function interactionPayload(type: number, data: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: snowflake(),
    application_id: APP_ID,
    type,
    token: `tok-${snowflake()}`,
    version: 1,
    guild_id: GUILD_ID,
    channel_id: CHANNEL_ID,
    channel: { id: CHANNEL_ID, type: 0, name: 'general', guild_id: GUILD_ID },
    member: { user: { ...ALICE, discriminator: '0', avatar: null, global_name: null }, roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0, permissions: '1071698660929' },
    app_permissions: '1071698660929',
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: {},
    attachment_size_limit: 8388608,
    data,
    ...extra,
  };
}

/** A test app whose feedback buttons get keys key1, key2, … so tests can click them. */
export function discordTestApp(options: Omit<TestAppOptions, 'newFeedbackKey'> = {}): Promise<TestApp> {
  let n = 0;
  return testApp({ ...options, newFeedbackKey: () => `key${++n}` });
}

/** The adapter for `app` (its bot, config and logger; the harness logs to memory) against fresh doubles. */
/** `beforeStart`: sets the doubles up before the adapter connects (messages a resumed question refers to). */
export async function startDiscordHarness(
  app: Pick<PlatformDeps, 'bot' | 'config'>,
  options: DiscordAdapterOptions = {},
  beforeStart: (rest: FakeDiscordRest) => void = () => {},
  /** More channels of the server (with permission overwrites, say). */
  channels: FakeChannel[] = [],
): Promise<DiscordHarness> {
  const rest = await startFakeDiscordRest(BOT);
  const gateway = await startFakeDiscordGateway({
    bot: BOT,
    applicationId: APP_ID,
    guilds: [{ id: GUILD_ID, name: 'Newsroom', channels: [{ id: CHANNEL_ID, type: 0, name: 'general' }, ...channels] }],
  });
  for (const c of channels) rest.addChannel({ ...c, guild_id: GUILD_ID });
  rest.setGatewayUrl(gateway.url);
  rest.addChannel({ id: CHANNEL_ID, type: 0, name: 'general', guild_id: GUILD_ID });
  beforeStart(rest);
  const { logger, lines } = memoryLogger();
  const adapter = createDiscordAdapter({ ...app, logger }, {
    token: 'fake.bot.token',
    apiUrl: rest.api,
    rest: { retries: 0, timeout: 2000 },
    readyTimeoutMs: 5000,
    ...options,
  });
  await adapter.start();

  return {
    rest,
    gateway,
    adapter,
    logs: lines,
    message(content, extra) {
      const payload = messagePayload(content, extra);
      gateway.dispatch('MESSAGE_CREATE', payload);
      return payload;
    },
    command(subcommand, options = [], extra = {}) {
      // `now` is /brief itself, `help` is /brief topic:help, the rest are /digest's (`subscriptions` is /digest list)
      const data =
        subcommand === 'now' ? { id: '900000000000000050', name: 'brief', type: 1, options }
        : subcommand === 'help' ? { id: '900000000000000050', name: 'brief', type: 1, options: [{ name: 'topic', type: 3, value: 'help' }] }
        : { id: '900000000000000051', name: 'digest', type: 1, options: [{ name: subcommand === 'subscriptions' ? 'list' : subcommand, type: 1, options }] };
      const payload = interactionPayload(2, data, extra);
      gateway.dispatch('INTERACTION_CREATE', payload);
      return payload;
    },
    button(customId, user = ALICE) {
      const message = messageObject(CHANNEL_ID, BOT, { content: 'brief', components: [] });
      const payload = interactionPayload(3, { custom_id: customId, component_type: 2 }, {
        message,
        member: { user: { ...user, discriminator: '0', avatar: null, global_name: null }, roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0, permissions: '0' },
      });
      gateway.dispatch('INTERACTION_CREATE', payload);
      return payload;
    },
    async close() {
      await adapter.stop();
      await gateway.close();
      await rest.close();
    },
  };
}
