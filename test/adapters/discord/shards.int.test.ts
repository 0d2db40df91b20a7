// DISCORD_SHARDS: the real discord.js runs the gateway as several shards against the fake gateway, which gives each
// shard its own servers and events (as Discord does), and the bot answers in a server of any shard.
import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter, type DiscordAdapter } from '../../../adapters/discord/index.js';
import { loadConfig } from '../../../src/config.js';
import { startFakeDiscordGateway, shardOf, type FakeDiscordGateway } from '../../doubles/discord-gateway.js';
import { startFakeDiscordRest, type FakeDiscordRest } from '../../doubles/discord-rest.js';
import { APP_ID, BOT, discordTestApp, memoryLogger, messagePayload } from '../../doubles/discord-harness.js';

// two servers, one on each shard of two (server id >> 22, mod 2)
const SERVERS = [
  { guild: '900000000004194314', channel: '900000000004194315' },
  { guild: '900000000008388618', channel: '900000000008388619' },
];

const open: { close(): Promise<unknown> | unknown }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

async function shardedBot(env: Record<string, string>, recommended: number): Promise<{ rest: FakeDiscordRest; gateway: FakeDiscordGateway; adapter: DiscordAdapter }> {
  const app = await discordTestApp({ env: { DISCORD_TOKEN: 'fake.bot.token', DISCORD_APPLICATION_ID: APP_ID, ...env } });
  open.push(app.bot);
  const rest = await startFakeDiscordRest(BOT);
  open.push(rest);
  const gateway = await startFakeDiscordGateway({
    bot: BOT, applicationId: APP_ID,
    guilds: SERVERS.map((s, i) => ({ id: s.guild, name: `Server ${i}`, channels: [{ id: s.channel, type: 0, name: 'general' }] })),
  });
  open.push(gateway);
  for (const s of SERVERS) rest.addChannel({ id: s.channel, type: 0, name: 'general', guild_id: s.guild });
  rest.setGatewayUrl(gateway.url);
  rest.recommendShards(recommended);
  const adapter = createDiscordAdapter({ bot: app.bot, config: loadConfig({ ...env, DISCORD_TOKEN: 'fake.bot.token', DISCORD_APPLICATION_ID: APP_ID, BRIEFBOT_SEEDS: '' }), logger: memoryLogger().logger }, {
    token: 'fake.bot.token', apiUrl: rest.api, rest: { retries: 0, timeout: 2000 }, readyTimeoutMs: 10_000,
  });
  await adapter.start();
  open.push({ close: () => adapter.stop() });
  return { rest, gateway, adapter };
}

const shardsOf = (gateway: FakeDiscordGateway) => gateway.identifies.map((d) => (d as { shard?: [number, number] }).shard).sort();

describe('Discord gateway shards (DISCORD_SHARDS)', () => {
  it('with auto, runs the shards Discord recommends, and answers a mention in a server of each', async () => {
    expect(SERVERS.map((s) => shardOf(s.guild, 2))).toEqual([0, 1]);
    const { rest, gateway, adapter } = await shardedBot({ DISCORD_SHARDS: 'auto' }, 2);
    expect(shardsOf(gateway)).toEqual([[0, 2], [1, 2]]);
    expect(adapter.client.guilds.cache.size).toBe(2);
    // each question is answered once, in a thread started from it in its own server's channel
    const answers = () => rest.find('POST', /\/channels\/\d+\/messages$/).filter((r) => JSON.stringify(r.body).includes('15,000'));
    for (const [i, s] of SERVERS.entries()) {
      const q = messagePayload(`<@${BOT.id}> How many doses of Sputnik V did Armenia receive first?`, { channel_id: s.channel, guild_id: s.guild });
      gateway.dispatch('MESSAGE_CREATE', q);
      await rest.waitFor(() => answers().length > i);
      expect(rest.find('POST', /\/threads$/).at(-1)?.path).toBe(`/channels/${s.channel}/messages/${String(q.id)}/threads`);
    }
    expect(answers()).toHaveLength(2);
  }, 30_000);

  it('with a count, runs that many shards whatever Discord recommends; unset, one connection', async () => {
    const three = await shardedBot({ DISCORD_SHARDS: '3' }, 1);
    expect(shardsOf(three.gateway)).toEqual([[0, 3], [1, 3], [2, 3]]);
    const one = await shardedBot({}, 2);
    expect(one.gateway.identifies).toHaveLength(1);
  }, 30_000);

  it('refuses a count that is no whole number', () => {
    expect(() => loadConfig({ DISCORD_SHARDS: 'two' })).toThrow(/DISCORD_SHARDS.*whole number/);
    expect(() => loadConfig({ DISCORD_SHARDS: '0' })).toThrow(/DISCORD_SHARDS/);
  });
});
