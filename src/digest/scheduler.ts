// The clock: node-cron ticks every minute and the runner decides what is due (each subscription's own
// timezone and time). A tick at start-up catches up digests missed while the process was down.
import cron from 'node-cron';
import type { Logger } from '../log.js';
import type { DigestRunner } from './runner.js';

export interface Scheduler {
  stop(): Promise<void>;
}

export function startScheduler(runner: DigestRunner, logger: Logger, now: () => Date = () => new Date()): Scheduler {
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    // ticks never overlap: a slow delivery delays the next check instead of racing it
    running = running.then(() => runner.runDue(now())).catch((e: unknown) => logger.error({ err: e }, 'digest tick failed'));
  };
  const task = cron.schedule('* * * * *', tick, { name: 'briefbot-digests' });
  tick();
  return {
    async stop() {
      await task.stop();
      runner.stop();
      await running;
    },
  };
}
