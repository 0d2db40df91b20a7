// The running bot's feed polling, in a thread of its own: fetching is asynchronous, but storing a poll's items
// (sentences, the index, near copies, stories) is synchronous work that held the event loop for a quarter of a
// second at a time (the feed bench's event-loop delay p99 while polling), delaying acknowledgements and heartbeats.
// The thread opens its own app on the same database file; WAL lets it write while the bot reads and writes, and
// each connection sees the other's commits (the stories cache checks PRAGMA data_version).
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../log.js';

export interface PollingThread {
  /** Stops polling (polls in flight finish), closes the thread's database connection and ends the thread. */
  stop(): Promise<void>;
}

/** How long after an unexpected exit the thread is started again. */
const RESTART_DELAY_MS = 30_000;
/** How long stop() waits for polls in flight before ending the thread anyway. */
const STOP_BOUND_MS = 8000;

/** How often a bot that follows no source looks again (a source added in chat starts the thread). */
const CHECK_MS = 30_000;

/**
 * Starts the thread once the bot follows a source (`follows()`, checked now and every 30 s: a bot without feeds
 * does not pay for a second app). `env`: the settings the thread loads its config from (the bot's own, .env included).
 */
export function startPollingThread(logger: Logger, follows: () => Promise<boolean>, env: NodeJS.ProcessEnv = process.env): PollingThread {
  let stopping = false;
  let worker: Worker | undefined;
  let restart: NodeJS.Timeout | undefined;
  const start = (): void => {
    worker = new Worker(new URL('./feed-entry.mjs', import.meta.url), { env: { ...env }, workerData: { logLevel: logger.level } });
    worker.on('error', (err) => logger.error({ err }, 'feed polling thread failed'));
    worker.on('exit', (code) => {
      if (stopping) return;
      logger.error({ code, restartInMs: RESTART_DELAY_MS }, 'feed polling thread ended; starting it again');
      restart = setTimeout(start, RESTART_DELAY_MS);
      restart.unref();
    });
  };
  const check = (): void => {
    if (worker) return;
    follows()
      .then((yes) => {
        if (yes && !worker && !stopping) start();
      })
      .catch((err: unknown) => logger.error({ err }, 'could not read the followed sources; trying again later'));
  };
  const checker = setInterval(check, CHECK_MS);
  checker.unref();
  check();
  return {
    async stop() {
      stopping = true;
      clearTimeout(restart);
      clearInterval(checker);
      if (!worker) return;
      const exited = once(worker, 'exit');
      worker.postMessage('stop');
      await Promise.race([exited, new Promise((r) => setTimeout(r, STOP_BOUND_MS).unref())]);
      await worker.terminate();
    },
  };
}
