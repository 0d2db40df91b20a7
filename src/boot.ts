// Shared start-up for the CLI and the bot: config (one clear line per bad variable), logger, app, seeds.
import { existsSync } from 'node:fs';
import { createApp, type BriefBot } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { errorMessage } from './errors.js';
import { createLogger, type Logger } from './log.js';

export interface Booted {
  bot: BriefBot;
  config: Config;
  logger: Logger;
}

/**
 * Exits the process with the config error's lines when the environment is invalid, and with one line when the
 * store cannot be opened (a PostgreSQL server out of reach).
 * `defaultLogLevel`: used when LOG_LEVEL is not set; may depend on the config (e.g. quiet for the console).
 * `readers`: briefs and answers in reader threads (the running bot; see AppDeps.readers). */
export async function boot(
  env: NodeJS.ProcessEnv = process.env,
  defaultLogLevel?: string | ((config: Config) => string),
  { readers = false }: { readers?: boolean } = {},
): Promise<Booted> {
  // A .env file in the working folder is read when present; variables already in the environment win.
  if (env === process.env && existsSync('.env')) process.loadEnvFile('.env');
  let config;
  try {
    config = loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n(see .env.example for every variable and its accepted values)\n`);
      process.exit(78);
    }
    throw e;
  }
  const fallback = typeof defaultLogLevel === 'function' ? defaultLogLevel(config) : defaultLogLevel;
  const logger = createLogger(env.LOG_LEVEL ? config.LOG_LEVEL : (fallback ?? config.LOG_LEVEL));
  let bot: BriefBot;
  try {
    bot = await createApp({ config, logger, processMetrics: true, readers });
  } catch (e) {
    process.stderr.write(`briefbot could not open its store: ${errorMessage(e)}\n`);
    process.exit(1);
  }
  // Seeding is idempotent: documents already in the store are recognised and skipped.
  if (config.BRIEFBOT_SEEDS && existsSync(config.BRIEFBOT_SEEDS)) {
    const report = await bot.ingest([config.BRIEFBOT_SEEDS]);
    for (const w of report.warnings) logger.warn(`seeds: skipped ${w.file}: ${w.reason}`);
    logger.info({ added: report.added, alreadyStored: report.duplicates, documents: await bot.documentCount() }, 'seeded the store');
  }
  return { bot, config, logger };
}
