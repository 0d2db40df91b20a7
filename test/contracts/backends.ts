// The storage backends every contract suite in this folder runs against.
// A new backend is one more entry here: the suites then run unchanged against it. A backend that needs a server
// (PostgreSQL) is probed once when this module loads; see `postgres` below for what happens when it is unreachable.
import { afterEach, beforeEach } from 'vitest';
import type { Storage } from '../../src/store/repositories.js';
import { openSqliteStorage } from '../../src/store/sqlite/index.js';
import { openPostgresTestStorage, PG_SKIP } from '../helpers/postgres.js';

export interface Backend {
  name: string;
  /** A fresh, empty Storage whose ingestion and feedback times come from `now`. */
  open(now: () => Date): Promise<Storage>;
  /** Why this backend cannot run here (e.g. its server is unreachable); its suites are then skipped with this reason. */
  skip?: string;
}

export const backends: Backend[] = [
  { name: 'sqlite', open: async (now) => openSqliteStorage(':memory:', now) },
  {
    name: 'postgres',
    // each Storage in a schema of its own, dropped at close (test/helpers/postgres.ts)
    open: (now) => openPostgresTestStorage(now),
    ...(PG_SKIP !== undefined ? { skip: PG_SKIP } : {}),
  },
];

/** A fresh Storage for each test of a suite, on a clock the test can move (`f.clock = …`). */
export interface PerTest {
  storage: Storage;
  clock: Date;
}

/** Registers the suite's hooks: skip an unavailable backend, open before each test (clock reset to `start`), close after. */
export function storagePerTest(backend: Backend, start: string): PerTest {
  const f = { clock: new Date(start) } as PerTest;
  beforeEach(async (t) => {
    t.skip(backend.skip !== undefined, backend.skip);
    f.clock = new Date(start);
    f.storage = await backend.open(() => f.clock);
  });
  afterEach(async () => {
    const storage = f.storage;
    f.storage = undefined as unknown as Storage;
    await storage?.close();
  });
  return f;
}
