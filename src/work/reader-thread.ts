// A reader thread of work/reader-pool.ts: its own connection to the store, opened at the first task (SQLite: a
// read-only one, WAL letting it read while the bot writes; PostgreSQL: a small pool of its own).
import { workerData } from 'node:worker_threads';
import { z } from 'zod';
import { promised } from '../store/promised.js';
import { openSqliteReader } from '../store/sqlite/index.js';
import type { DocumentStore, SyncDocumentStore } from '../store/port.js';
import { readOutcome, type ReadOutcome, type ReadTask } from './read-tasks.js';

const ReaderData = z.object({
  dbPath: z.string().min(1),
  postgres: z.object({ url: z.string().min(1), poolMax: z.number().int().positive(), schema: z.string().optional() }).optional(),
});

let store: Promise<DocumentStore> | undefined;

async function open(): Promise<DocumentStore> {
  const data = ReaderData.parse(workerData);
  if (!data.postgres) return promised<SyncDocumentStore>(openSqliteReader(data.dbPath));
  const { openPostgresStorage } = await import('../store/postgres/index.js');
  const { url, poolMax, schema } = data.postgres;
  return (await openPostgresStorage({ url, poolMax, ...(schema ? { schema } : {}) })).documents;
}

export async function handle(task: ReadTask): Promise<ReadOutcome> {
  store ??= open();
  return readOutcome(await store, task);
}
