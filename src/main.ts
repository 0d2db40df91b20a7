// `npm start`: seed the store, start the platform adapters whose tokens are set (or the console adapter when
// none is), and the digest scheduler that delivers through them.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { createConsoleAdapter } from '../adapters/console/repl.js';
import { platformAdapter, type PlatformAdapter } from './adapter.js';
import { boot } from './boot.js';
import { startScheduler, type Scheduler } from './digest/scheduler.js';
import { UserError } from './errors.js';

// The console adapter shares the terminal with its logs: keep them to warnings unless LOG_LEVEL says otherwise.
const { bot, logger } = boot(process.env, (c) => (c.SLACK_BOT_TOKEN || c.DISCORD_TOKEN ? 'info' : 'warn'));
const adapters: PlatformAdapter[] = [];
for (const platform of ['slack', 'discord']) {
  const adapter = await platformAdapter(platform, bot, logger);
  if (adapter) adapters.push(adapter);
}
const consoleAdapter = adapters.length === 0 ? createConsoleAdapter(bot, logger) : undefined;
if (consoleAdapter) adapters.push(consoleAdapter);

let scheduler: Scheduler | undefined;
async function shutdown(code: number): Promise<never> {
  await scheduler?.stop();
  await Promise.allSettled(adapters.map((a) => a.stop()));
  bot.close();
  process.exit(code);
}
process.once('SIGINT', () => void shutdown(0));
process.once('SIGTERM', () => void shutdown(0));

for (const adapter of adapters) {
  try {
    await adapter.start();
    if (adapter.platform !== 'console') logger.info({ platform: adapter.platform }, 'adapter started');
  } catch (e) {
    logger.fatal({ err: e, platform: adapter.platform }, `the ${adapter.platform} adapter could not start`);
    process.stderr.write(`briefbot: the ${adapter.platform} adapter could not start: ${e instanceof Error ? e.message : String(e)}\n`);
    await shutdown(1);
  }
}

// Digests go out through the adapter of their platform; one that is not running is a permanent failure.
const byPlatform = new Map(adapters.map((a) => [a.platform, a] as const));
const runner = bot.digestRunner(async (sub, brief) => {
  const adapter = byPlatform.get(sub.platform);
  if (!adapter) throw new UserError('CONFIG', `no ${sub.platform} adapter is running (set its token to deliver digests there)`);
  return adapter.post(sub.channelId, brief);
}, `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`);
// The console adapter is a preview for one person at a terminal: it gets digests on demand (/digest), not on a clock.
if (!consoleAdapter) scheduler = startScheduler(runner, logger);

if (consoleAdapter) {
  await consoleAdapter.done;
  await shutdown(0);
}
