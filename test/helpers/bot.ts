// Test apps: the real core on a private in-memory SQLite storage, kept at hand so tests can look behind the verbs.
import { createApp, type BriefBot } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger, type Logger } from '../../src/log.js';
import type { PlatformDeps } from '../../src/platform.js';
import { openSqliteStorage, type SqliteStorage } from '../../src/store/sqlite/index.js';

export interface TestApp extends PlatformDeps {
  storage: SqliteStorage;
}

export interface TestAppOptions {
  /** Settings such as BRIEFBOT_ADMINS; BRIEFBOT_DB (default ':memory:') picks the database file. */
  env?: Record<string, string>;
  /** Files or folders ingested at start (default: the project's seeds/). */
  seeds?: readonly string[];
  /** The core's clock (ingest times, digest windows, feedback). */
  now?: () => Date;
  newFeedbackKey?: () => string;
}

export async function testApp({ env = {}, seeds = ['seeds'], now, newFeedbackKey }: TestAppOptions = {}): Promise<TestApp> {
  const config: Config = loadConfig({ BRIEFBOT_DB: ':memory:', ...env });
  const logger: Logger = createLogger('silent');
  const storage = openSqliteStorage(config.BRIEFBOT_DB, now);
  const bot = await createApp({ config, logger, storage, ...(now ? { now } : {}), ...(newFeedbackKey ? { newFeedbackKey } : {}) });
  if (seeds.length > 0) await bot.ingest(seeds);
  return { bot, config, logger, storage };
}

/** A bot on an in-memory store, seeded with the project's seeds/ unless told otherwise. */
export async function testBot(env: Record<string, string> = {}, seed = true): Promise<BriefBot> {
  return (await testApp({ env, seeds: seed ? ['seeds'] : [] })).bot;
}
