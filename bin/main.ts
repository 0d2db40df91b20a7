// `npm start`: the composition root. Config → app (seeded store) → the platform adapters whose tokens are set
// (or the console adapter when none is) → the digest scheduler that delivers through them → signals.
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { hostname } from 'node:os';
import { createConsoleAdapter } from '../adapters/console/repl.js';
import { platforms } from '../adapters/registry.js';
import { boot } from '../src/boot.js';
import { startScheduler, type Scheduler } from '../src/digest/scheduler.js';
import { errorMessage } from '../src/errors.js';
import { startRetention, type RetentionTask } from '../src/retention.js';
import { startPollingThread, type PollingThread } from '../src/work/feed-thread.js';
import { healthReport, startOperationsServer, type Operations } from '../src/health.js';
import type { PlatformAdapter, PlatformDeps } from '../src/platform.js';

// The console adapter shares the terminal with its logs: keep them to warnings unless LOG_LEVEL says otherwise.
const booted = await boot(process.env, (c) => (c.SLACK_BOT_TOKEN || c.SLACK_CLIENT_ID || c.DISCORD_TOKEN ? 'info' : 'warn'), { readers: true });
const { bot, logger } = booted;
const adapters: PlatformAdapter[] = [];
// /readyz (the database and every adapter of this process) and /metrics: on Slack's HTTP port and/or HEALTH_PORT
const operations: Operations = { report: () => healthReport(bot, adapters), metrics: () => bot.metrics() };
const deps: PlatformDeps = { ...booted, operations };
for (const factory of Object.values(platforms)) {
  const adapter = await factory(deps);
  if (adapter) adapters.push(adapter);
}
const consoleAdapter = adapters.length === 0 ? createConsoleAdapter(deps) : undefined;
if (consoleAdapter) adapters.push(consoleAdapter);

let healthServer: Server | undefined;
let scheduler: Scheduler | undefined;
let poller: PollingThread | undefined;
let retention: RetentionTask | undefined;
/** Adapters that could not start are tried again on these (startAdapter below). */
const retryTimers = new Set<NodeJS.Timeout>();
/** How long shutdown waits for work in flight (a digest being delivered, a poll) before it exits anyway. */
const SHUTDOWN_BOUND_MS = 10_000;
let shuttingDown = false;
async function shutdown(code: number): Promise<never> {
  // already under way (the console ending as its adapter stops, an error while stopping): let it finish
  if (shuttingDown) return new Promise<never>(() => {});
  shuttingDown = true;
  setTimeout(() => {
    logger.error({ boundMs: SHUTDOWN_BOUND_MS }, 'shutdown: work still in flight after the bound; exiting without it');
    process.exit(code || 1);
  }, SHUTDOWN_BOUND_MS).unref();
  for (const timer of retryTimers) clearTimeout(timer);
  // stop taking work first (new digests, polls, events), then let what runs finish, then close the database
  await retention?.stop();
  await poller?.stop();
  await scheduler?.stop();
  await Promise.allSettled(adapters.map((a) => a.stop()));
  healthServer?.close();
  await bot.close();
  logger.info('shut down cleanly');
  process.exit(code);
}
// a second signal exits at once
const onSignal = () => (shuttingDown ? process.exit(1) : void shutdown(0));
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
// Last resort: a promise some library dropped is logged and the bot keeps serving (each request's work has its own
// handler; this catches what escapes them). An exception thrown outside any promise leaves state unknown: it is
// logged, the bot shuts down as on SIGTERM and exits 1, for the supervisor to restart it.
process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection (the bot keeps running)'));
process.once('uncaughtException', (e) => {
  logger.fatal({ err: e }, 'uncaught exception: shutting down');
  void shutdown(1);
});

// A platform that cannot start (a revoked token, its API unreachable) is reported and tried again later, with
// backoff up to ADAPTER_RETRY_MAX_MS; the other platforms keep serving meanwhile (/readyz says which is down).
// Only when none starts does the process exit 1, for the supervisor to see at once.
const ADAPTER_RETRY_MS = 60_000;
const ADAPTER_RETRY_MAX_MS = 600_000;
async function startAdapter(adapter: PlatformAdapter, attempt = 1): Promise<boolean> {
  try {
    await adapter.start();
    if (adapter.platform !== 'console') logger.info({ platform: adapter.platform, attempt }, 'adapter started');
    return true;
  } catch (e) {
    const retryMs = Math.min(ADAPTER_RETRY_MS * 2 ** (attempt - 1), ADAPTER_RETRY_MAX_MS);
    logger.error({ err: e, platform: adapter.platform, attempt, retryInSeconds: retryMs / 1000 }, `the ${adapter.platform} adapter could not start`);
    if (attempt === 1) process.stderr.write(`briefbot: the ${adapter.platform} adapter could not start: ${errorMessage(e)} (trying again in ${retryMs / 1000} s)\n`);
    if (!shuttingDown) {
      const timer = setTimeout(() => {
        retryTimers.delete(timer);
        if (!shuttingDown) void startAdapter(adapter, attempt + 1);
      }, retryMs);
      retryTimers.add(timer);
    }
    return false;
  }
}
const startedAny = (await Promise.all(adapters.map((a) => startAdapter(a)))).some(Boolean);
if (!startedAny) {
  logger.fatal('no platform adapter could start');
  await shutdown(1);
}

if (deps.config.HEALTH_PORT !== undefined) {
  try {
    healthServer = await startOperationsServer(deps.config.HEALTH_PORT, operations, logger);
  } catch (e) {
    logger.fatal({ err: e, port: deps.config.HEALTH_PORT }, 'HEALTH_PORT: could not listen');
    await shutdown(1);
  }
}

// Sources from FEEDS are followed from start: a feed not followed yet is fetched once (a site's URL is looked up
// each start, to find its feed); then every source is polled on its own schedule while the bot runs, the first
// tick at once. A feed that cannot be read is logged, never fatal.
for (const url of deps.config.FEEDS) {
  if (await bot.sources.isFollowed(url)) continue;
  await bot.sources.add(url, { origin: 'config' }).catch((e: unknown) => logger.error({ feed: url, err: errorMessage(e) }, 'FEEDS: could not follow'));
}
// polled, and their items stored, in a thread of its own (src/work/feed-thread.ts): storing is synchronous work
poller = startPollingThread(logger, async () => (await bot.sources.list()).length > 0);
// RETENTION_DAYS: old documents are dropped now and then every hour, in batches that yield between them.
if (deps.config.RETENTION_DAYS !== undefined) {
  retention = startRetention(bot, logger);
  void retention.run();
}

// The console adapter is a preview for one person at a terminal: it gets digests on demand (/digest), not on a
// clock. Otherwise digests go out through the adapter of their platform; one not running here is a permanent failure.
if (consoleAdapter) {
  await consoleAdapter.done;
  await shutdown(0);
} else {
  const byPlatform = new Map(adapters.map((a) => [a.platform, a] as const));
  const runner = bot.digestRunner((platform) => byPlatform.get(platform), `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`);
  scheduler = startScheduler(runner, logger);
}
