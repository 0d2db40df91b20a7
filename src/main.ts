// `npm start`: seed the store, start the platform adapters whose tokens are set, or the console adapter when none is.
import { createConsoleAdapter } from '../adapters/console/repl.js';
import type { PlatformAdapter } from './adapter.js';
import { boot } from './boot.js';

const { bot, logger } = boot(process.env, process.stdin.isTTY ? 'info' : 'warn');
const adapters: PlatformAdapter[] = [];
const config = bot.config;

if (config.SLACK_BOT_TOKEN) {
  const { createSlackAdapter } = await import('../adapters/slack/index.js');
  adapters.push(createSlackAdapter(bot, logger));
}
if (config.DISCORD_TOKEN) {
  const { createDiscordAdapter } = await import('../adapters/discord/index.js');
  adapters.push(createDiscordAdapter(bot, logger));
}

async function shutdown(code: number): Promise<never> {
  await Promise.allSettled(adapters.map((a) => a.stop()));
  bot.close();
  process.exit(code);
}
process.once('SIGINT', () => void shutdown(0));
process.once('SIGTERM', () => void shutdown(0));

if (adapters.length === 0) {
  logger.info('no SLACK_BOT_TOKEN or DISCORD_TOKEN set: starting the console adapter');
  const console = createConsoleAdapter(bot, logger);
  await console.start();
  await console.done;
  await shutdown(0);
} else {
  for (const adapter of adapters) {
    await adapter.start();
    logger.info({ platform: adapter.platform }, 'adapter started');
  }
}
