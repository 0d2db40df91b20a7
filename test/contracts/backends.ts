// The storage backends every contract suite in this folder runs against.
// A new backend is one more entry here: the suites then run unchanged against it. If it needs a running server
// (PostgreSQL, say), probe the server when this module loads and, when it is unreachable, set the entry's `skip`
// to a clear reason (e.g. 'postgres: no server at PGHOST=localhost:5432') so its suites are reported as skipped.
import { afterEach, beforeEach } from 'vitest';
import type { Storage } from '../../src/store/repositories.js';
import { openSqliteStorage } from '../../src/store/sqlite/index.js';

export interface Backend {
  name: string;
  /** A fresh, empty Storage whose ingestion and feedback times come from `now`. */
  open(now: () => Date): Promise<Storage> | Storage;
  /** Why this backend cannot run here (e.g. its server is unreachable); its suites are then skipped with this reason. */
  skip?: string;
}

export const backends: Backend[] = [
  { name: 'sqlite', open: (now) => openSqliteStorage(':memory:', now) },
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
  afterEach(() => f.storage?.close());
  return f;
}
