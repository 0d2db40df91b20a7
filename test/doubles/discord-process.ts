// The Discord doubles for a bot in its own process (npm start, the load driver): the fake gateway and REST API,
// one server with one channel, and the settings that point the bot at them.
import { APP_ID, BOT, CHANNEL_ID, GUILD_ID } from './discord-harness.js';
import { startFakeDiscordGateway, type FakeDiscordGateway } from './discord-gateway.js';
import { startFakeDiscordRest, type FakeDiscordRest } from './discord-rest.js';

export interface DiscordDoubles {
  rest: FakeDiscordRest;
  gateway: FakeDiscordGateway;
  /** The bot's settings that point it at the doubles. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startDiscordDoubles(): Promise<DiscordDoubles> {
  const rest = await startFakeDiscordRest(BOT);
  const gateway = await startFakeDiscordGateway({
    bot: BOT, applicationId: APP_ID, guilds: [{ id: GUILD_ID, name: 'Load', channels: [{ id: CHANNEL_ID, type: 0, name: 'general' }] }],
  });
  rest.setGatewayUrl(gateway.url);
  rest.addChannel({ id: CHANNEL_ID, type: 0, name: 'general', guild_id: GUILD_ID });
  return {
    rest, gateway,
    env: { DISCORD_TOKEN: 'fake.bot.token', DISCORD_API_URL: rest.api, DISCORD_APPLICATION_ID: APP_ID },
    close: async () => {
      await gateway.close();
      await rest.close();
    },
  };
}

