// Inside the feed polling thread (feed-thread.ts): an app of its own on the bot's database, polling due sources
// every 30 s until the bot says stop.
import { parentPort, workerData } from 'node:worker_threads';
import { z } from 'zod';
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';
import { createLogger } from '../log.js';
import { startSourcePolling } from '../sources/poller.js';

const { logLevel } = z.object({ logLevel: z.string() }).parse(workerData);
const config = loadConfig(process.env);
const logger = createLogger(logLevel).child({ thread: 'feeds' });
const bot = await createApp({ config, logger });
const poller = startSourcePolling(bot.sources, logger, { concurrency: config.FEED_CONCURRENCY, tickMs: 30_000 });
void poller.tick();

parentPort?.once('message', () => {
  void poller
    .stop()
    .catch((err: unknown) => logger.error({ err }, 'feed polling did not stop cleanly'))
    .finally(() => {
      void bot.close().finally(() => parentPort?.close()); // nothing keeps the thread alive any more: it ends
    });
});
