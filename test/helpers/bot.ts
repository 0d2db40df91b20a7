import { createApp, type BriefBot } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';

/** A bot on an in-memory store, seeded with the project's seeds/ unless told otherwise. */
export function testBot(env: Record<string, string> = {}, seed = true): BriefBot {
  const bot = createApp({ config: loadConfig({ BRIEFBOT_DB: ':memory:', ...env }), logger: createLogger('silent') });
  if (seed) bot.ingest(['seeds']);
  return bot;
}
