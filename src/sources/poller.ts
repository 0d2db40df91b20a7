// Polls due sources while the bot runs: a tick every `tickMs` takes the sources whose time has come, with a
// bounded number of fetches in flight and at most one per host at a time; a slow feed never delays the others'
// ticks, and a source is never polled twice at once, also by several processes sharing the database (each poll is
// claimed first: SourceRepository.claim).
import pLimit from 'p-limit';
import type { Source } from '../domain.js';
import type { Logger } from '../log.js';
import type { PollReport } from './poll.js';
import type { SourceService } from './service.js';

/** How long a claimed poll is this process's: past it, a poll its process did not finish is due again. */
export const POLL_LEASE_MS = 15 * 60_000;

export interface PollerOptions {
  concurrency: number;
  tickMs: number;
  now?: () => Date;
  /** Called after each poll (tests, progress). */
  onPoll?: (report: PollReport) => void;
}

export interface SourcePoller {
  /** One tick now: polls what is due; resolves when those polls are done. */
  tick(): Promise<PollReport[]>;
  stop(): Promise<void>;
}

export function startSourcePolling(service: SourceService, logger: Logger, options: PollerOptions): SourcePoller {
  const now = options.now ?? (() => new Date());
  const limit = pLimit(options.concurrency);
  const busyHosts = new Set<string>();
  const busySources = new Set<number>();
  const inFlight = new Set<Promise<unknown>>();

  const run = (source: Source, host: string): Promise<PollReport> => {
    busyHosts.add(host);
    busySources.add(source.id);
    const p = limit(() => service.poll(source))
      .then((report) => {
        options.onPoll?.(report);
        return report;
      })
      .finally(() => {
        busyHosts.delete(host);
        busySources.delete(source.id);
        inFlight.delete(p);
      });
    inFlight.add(p);
    return p;
  };

  const tick = async (): Promise<PollReport[]> => {
    const started: Promise<PollReport>[] = [];
    for (const source of await service.due(now(), options.concurrency * 20)) {
      const host = new URL(source.url).host;
      if (busySources.has(source.id) || busyHosts.has(host)) continue; // its host is being fetched: next tick
      const at = now();
      if (!(await service.claim(source, at, new Date(at.getTime() + POLL_LEASE_MS)))) continue; // another process polls it
      started.push(run(source, host));
    }
    return Promise.all(started);
  };

  let stopped = false;
  const timer = setInterval(() => {
    if (!stopped) tick().catch((e: unknown) => logger.error({ err: e }, 'source poll tick failed'));
  }, options.tickMs);
  timer.unref();
  return {
    tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await Promise.allSettled([...inFlight]);
    },
  };
}
