// A reader thread of work/reader-pool.ts: its own read-only connection to the store, opened at the first task.
import { workerData } from 'node:worker_threads';
import { z } from 'zod';
import { promised } from '../store/promised.js';
import { openSqliteReader } from '../store/sqlite/index.js';
import type { DocumentStore, SyncDocumentStore } from '../store/port.js';
import { readOutcome, type ReadOutcome, type ReadTask } from './read-tasks.js';

const ReaderData = z.object({ dbPath: z.string().min(1) });

let store: DocumentStore | undefined;

export function handle(task: ReadTask): Promise<ReadOutcome> {
  store ??= promised<SyncDocumentStore>(openSqliteReader(ReaderData.parse(workerData).dbPath));
  return readOutcome(store, task);
}
