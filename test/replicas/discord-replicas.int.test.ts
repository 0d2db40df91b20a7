// Two Discord replicas on one PostgreSQL database, both connected to the gateway with the same bot (as two processes
// running every shard are): Discord delivers each event to both sessions, and the bot must still answer once. The
// real discord.js on each side, against the fake gateway and REST API; each replica has its own pool and core.
import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../../adapters/discord/index.js';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { openPostgresStorage } from '../../src/store/postgres/index.js';
import { startFakeDiscordGateway } from '../doubles/discord-gateway.js';
import { startFakeDiscordRest } from '../doubles/discord-rest.js';
import { APP_ID, BOT, CHANNEL_ID, GUILD_ID, interactionPayload, memoryLogger, messagePayload } from '../doubles/discord-harness.js';
import { openPostgresTestStorage, PG_SKIP } from '../helpers/postgres.js';

const open: { close(): Promise<unknown> | unknown }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(PG_SKIP !== undefined)('two Discord replicas on one database', () => {
  it('answer a mention once and a /brief once, though both receive every event', async () => {
    const database = await openPostgresTestStorage(() => new Date(), 'discord');
    open.push(database);
    const rest = await startFakeDiscordRest(BOT);
    open.push(rest);
    const gateway = await startFakeDiscordGateway({
      bot: BOT, applicationId: APP_ID, guilds: [{ id: GUILD_ID, name: 'Newsroom', channels: [{ id: CHANNEL_ID, type: 0, name: 'general' }] }],
    });
    open.push(gateway);
    rest.setGatewayUrl(gateway.url);
    rest.addChannel({ id: CHANNEL_ID, type: 0, name: 'general', guild_id: GUILD_ID });

    const env = { DISCORD_TOKEN: 'fake.bot.token', DISCORD_APPLICATION_ID: APP_ID, BRIEFBOT_SEEDS: '' };
    const replicas = [];
    for (const name of ['a', 'b']) {
      const storage = await openPostgresStorage({ url: database.url, schema: database.schema, poolMax: 4 });
      const config = loadConfig(env);
      const bot = await createApp({ config, logger: createLogger('silent'), storage });
      open.push(bot);
      if (name === 'a') await bot.ingest(['seeds']);
      const { logger, lines } = memoryLogger();
      const adapter = createDiscordAdapter({ bot, config, logger }, { token: 'fake.bot.token', apiUrl: rest.api, rest: { retries: 0, timeout: 2000 }, readyTimeoutMs: 10_000 });
      await adapter.start();
      open.push({ close: () => adapter.stop() });
      replicas.push({ adapter, lines });
    }
    expect(gateway.identifies).toHaveLength(2);

    // a mention: one thread, one answer
    const question = messagePayload(`<@${BOT.id}> How many doses of Sputnik V did Armenia receive first?`);
    gateway.dispatch('MESSAGE_CREATE', question);
    const answers = () => rest.find('POST', /\/channels\/\d+\/messages$/).filter((r) => JSON.stringify(r.body).includes('15,000'));
    await rest.waitFor(() => answers().length > 0);
    // /brief: one deferral, one brief
    const command = interactionPayload(2, { id: '900000000000000050', name: 'brief', type: 1, options: [] });
    gateway.dispatch('INTERACTION_CREATE', command);
    const callbacks = () => rest.find('POST', new RegExp(`^/interactions/${String(command.id)}/`));
    const briefs = () => rest.find('PATCH', new RegExp(`/${String(command.token)}/messages/@original$`));
    await rest.waitFor(() => briefs().length > 0);
    await sleep(1500); // time for a second answer, were one coming
    expect(answers()).toHaveLength(1);
    expect(rest.find('POST', /\/threads$/)).toHaveLength(1);
    expect(callbacks()).toHaveLength(1);
    expect(briefs()).toHaveLength(1);
    expect(JSON.stringify(briefs()[0]!.body)).toMatch(/Pashinyan/);
    for (const r of replicas) expect(r.lines.filter((l) => l.level >= 50)).toEqual([]);
  }, 45_000);
});
