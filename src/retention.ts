// Retention (RETENTION_DAYS): documents ingested longer ago than that are dropped with their sentences and index
// entries, in small batches with a pause between them, so a question (or a poll) waits behind one batch at most.
// The running bot prunes every hour (bin/main.ts starts it); `briefbot prune` runs it once.
import { setImmediate as yieldNow, setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from './log.js';
import type { DocumentStore } from './store/port.js';

/** Documents per batch: one short transaction each (measured in the README's Retention section). */
export const PRUNE_BATCH = 500;
/** How often the running bot prunes. */
export const PRUNE_EVERY_MS = 3_600_000;
/** The running bot's pause between two batches, so other work gets the process and the database in between. */
export const PRUNE_PAUSE_MS = 10;

export interface PruneOptions {
  /** Most documents dropped per transaction (default PRUNE_BATCH; the store may stop a batch early to keep it short). */
  batchSize?: number;
  /** Wait between batches in ms; 0 (default) only lets what is queued run (setImmediate). */
  pauseMs?: number;
  /** Stops between two batches (shutdown); what was dropped stays dropped. */
  signal?: AbortSignal;
  /** After each batch that dropped something: how many, and how long the batch held the store. */
  onBatch?: (dropped: number, ms: number) => void;
}

export interface PruneReport {
  /** Documents ingested before this time were dropped. */
  before: string;
  dropped: number;
  batches: number;
  /** Steps of index upkeep after the deletes (DocumentStore.compact). */
  compactSteps: number;
  /** The longest single batch or upkeep step, in ms: the longest anything else waited on pruning. */
  longestBatchMs: number;
  /** The whole run, pauses included. */
  ms: number;
  /** False when stopped by the signal before everything older was dropped. */
  complete: boolean;
}

const pause = (ms: number | undefined): Promise<unknown> => (ms ? sleep(ms) : yieldNow());

/** Drops every document ingested before `before`, `batchSize` at a time, yielding between batches. */
export async function pruneIngestedBefore(store: Pick<DocumentStore, 'deleteIngestedBefore' | 'compact'>, before: Date, options: PruneOptions = {}): Promise<PruneReport> {
  const batchSize = options.batchSize ?? PRUNE_BATCH;
  const started = performance.now();
  const report: PruneReport = { before: before.toISOString(), dropped: 0, batches: 0, compactSteps: 0, longestBatchMs: 0, ms: 0, complete: true };
  for (;;) {
    if (options.signal?.aborted) {
      report.complete = false;
      break;
    }
    const t = performance.now();
    const dropped = await store.deleteIngestedBefore(report.before, batchSize);
    const ms = performance.now() - t;
    if (dropped > 0) {
      report.dropped += dropped;
      report.batches++;
      report.longestBatchMs = Math.max(report.longestBatchMs, ms);
      options.onBatch?.(dropped, ms);
    }
    if (dropped === 0) break; // a batch may stop early to stay short: only an empty one means done
    await pause(options.pauseMs);
  }
  // the index's upkeep after deletes, in short steps too (SQLite: merging the segments the deletes left)
  while (report.dropped > 0 && !options.signal?.aborted) {
    const t = performance.now();
    const more = await store.compact();
    report.longestBatchMs = Math.max(report.longestBatchMs, performance.now() - t);
    report.compactSteps++;
    if (!more) break;
    await pause(options.pauseMs);
  }
  report.ms = performance.now() - started;
  return report;
}

/** What the background task needs from the bot (BriefBot.prune). */
export interface Prunable {
  prune(options?: PruneOptions): Promise<PruneReport>;
}

export interface RetentionTask {
  /** One run now (none starts while another is running: resolves undefined then). */
  run(): Promise<PruneReport | undefined>;
  /** Stops the timer and any run between two batches; resolves when nothing is running. */
  stop(): Promise<void>;
}

export interface RetentionOptions {
  everyMs?: number;
  batchSize?: number;
  pauseMs?: number;
}

/** Prunes every `everyMs` (default hourly) while the bot runs; a failed run is logged, and tried again next time. */
export function startRetention(bot: Prunable, logger: Logger, options: RetentionOptions = {}): RetentionTask {
  const stopping = new AbortController();
  let running: Promise<PruneReport | undefined> | undefined;

  const run = (): Promise<PruneReport | undefined> => {
    if (running || stopping.signal.aborted) return Promise.resolve(undefined);
    running = bot
      .prune({ batchSize: options.batchSize ?? PRUNE_BATCH, pauseMs: options.pauseMs ?? PRUNE_PAUSE_MS, signal: stopping.signal })
      .then((r) => {
        if (r.dropped > 0) {
          logger.info({ dropped: r.dropped, before: r.before, batches: r.batches, compactSteps: r.compactSteps, longestBatchMs: Math.round(r.longestBatchMs), ms: Math.round(r.ms) }, 'retention: dropped old documents');
        }
        return r;
      })
      .catch((e: unknown) => {
        logger.error({ err: e }, 'retention: pruning failed');
        return undefined;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  const timer = setInterval(() => void run(), options.everyMs ?? PRUNE_EVERY_MS);
  timer.unref();
  return {
    run,
    async stop() {
      clearInterval(timer);
      stopping.abort();
      await running;
    },
  };
}
