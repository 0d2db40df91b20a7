// Briefs and answers off the main thread: a fixed pool of reader threads (piscina), each with its own read-only
// connection to the store (SQLite's WAL lets them read while the bot writes). The main thread keeps the event
// loop free for what must not wait behind a computation: acknowledgements within Slack's 3 s, Discord's gateway
// heartbeats, the digest scheduler. The queue is bounded: past it, a request is told the bot is busy.
import { Piscina, queueOptionsSymbol, type TaskQueue } from 'piscina';
import { z } from 'zod';
import { UserError, type UserErrorCode } from '../errors.js';
import type { DocumentStore } from '../store/port.js';
import { runReadTask, type ReadTask } from './read-tasks.js';

export const BUSY_MESSAGE = "I'm busy with other requests right now: try again in a moment.";

/** Where read tasks run: on this thread, or in a pool of threads. */
export interface Reader {
  run(task: ReadTask): Promise<unknown>;
  /** Tasks waiting for a thread (0 on this thread: nothing waits). */
  queued(): number;
  close(): Promise<void>;
}

/** Runs each task on the calling thread (a store in memory, one-shot CLI commands, tests). */
export function inlineReader(store: DocumentStore): Reader {
  return {
    run: async (task) => runReadTask(store, task),
    queued: () => 0,
    close: async () => {},
  };
}

const Outcome = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), code: z.string(), message: z.string() }),
]);

type Queued = Parameters<TaskQueue['push']>[0];

/** Longest a brief waits while questions go ahead of it; then it goes first. */
export const BRIEF_MAX_WAIT_MS = 500;

/**
 * Questions before briefs, unless the oldest brief has waited BRIEF_MAX_WAIT_MS. An answer takes milliseconds and
 * a brief of a large store a hundred or more: in one first-in-first-out queue a question waited behind every brief
 * asked before it, and with questions always first, briefs waited as long as questions kept coming.
 */
class QuestionsFirst implements TaskQueue {
  constructor(private readonly briefMaxWaitMs: number) {}
  private readonly questions: Queued[] = [];
  private readonly briefs: { task: Queued; at: number }[] = [];
  get size(): number {
    return this.questions.length + this.briefs.length;
  }
  push(task: Queued): void {
    const options = task[queueOptionsSymbol];
    if (options && 'question' in options && options.question) this.questions.push(task);
    else this.briefs.push({ task, at: performance.now() });
  }
  shift(): Queued | null {
    const oldest = this.briefs[0];
    if (oldest && (this.questions.length === 0 || performance.now() - oldest.at >= this.briefMaxWaitMs)) return this.briefs.shift()!.task;
    return this.questions.shift() ?? null;
  }
  remove(task: Queued): void {
    const q = this.questions.indexOf(task);
    if (q >= 0) this.questions.splice(q, 1);
    const b = this.briefs.findIndex((x) => x.task === task);
    if (b >= 0) this.briefs.splice(b, 1);
  }
}

/** A PostgreSQL store as a reader thread opens it: a pool of its own (`poolMax` connections) on the same database. */
export interface PostgresReaderStore {
  url: string;
  poolMax: number;
  schema?: string;
}

export interface ReaderPoolOptions {
  /** The store's file, opened again by each thread (it must exist and be migrated); not read with `postgres`. */
  dbPath: string;
  /** The PostgreSQL store the threads read instead (DATABASE_URL). */
  postgres?: PostgresReaderStore;
  threads: number;
  /** Tasks that may wait for a thread; one more is refused with a BUSY UserError. */
  maxQueue: number;
  /** How long a brief lets questions go first (default BRIEF_MAX_WAIT_MS). */
  briefMaxWaitMs?: number;
}

export function readerPool({ dbPath, postgres, threads, maxQueue, briefMaxWaitMs = BRIEF_MAX_WAIT_MS }: ReaderPoolOptions): Reader {
  const pool = new Piscina({
    filename: new URL('./reader-entry.mjs', import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    maxQueue,
    taskQueue: new QuestionsFirst(briefMaxWaitMs),
    idleTimeout: Number.POSITIVE_INFINITY, // a thread keeps its connection and warm caches
    workerData: { dbPath, ...(postgres ? { postgres } : {}) },
  });
  return {
    async run(task) {
      if (pool.queueSize >= maxQueue) throw new UserError('BUSY', BUSY_MESSAGE);
      let raw: unknown;
      try {
        raw = await pool.run({ ...task, [queueOptionsSymbol]: { question: task.kind !== 'brief' } });
      } catch (e) {
        // piscina's own refusal, should the queue have filled between the check and the call
        if (e instanceof Error && /queue is at limit/i.test(e.message)) throw new UserError('BUSY', BUSY_MESSAGE);
        throw e;
      }
      const outcome = Outcome.parse(raw);
      if (!outcome.ok) throw new UserError(outcome.code as UserErrorCode, outcome.message);
      return outcome.value;
    },
    queued: () => pool.queueSize,
    close: () => pool.destroy(),
  };
}
