// The PostgreSQL server the tests use (BRIEFBOT_TEST_PG_URL, else the local one of the project's machines), probed
// once. With no server, PostgreSQL tests fail with how to start one, unless BRIEFBOT_SKIP_PG=1 skips them explicitly.
import pg from 'pg';
import { describeServer } from '../../src/store/postgres/index.js';
import { openScratchPostgres, SCRATCH_PG_URL } from '../../src/store/postgres/scratch.js';

export const PG_URL = SCRATCH_PG_URL;

/** Why the server cannot be used (undefined when it answers). */
async function probe(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (e) {
    const err = e as Error & { code?: string; errors?: Error[] };
    return err.message || err.errors?.map((x) => x.message).join(', ') || err.code || String(e);
  } finally {
    await client.end().catch(() => {});
  }
}

const pgDown = await probe(PG_URL);

/** Why PostgreSQL tests cannot run here, with how to make them run; undefined when the server answers. */
export const PG_UNAVAILABLE = pgDown === undefined ? undefined
  : `postgres: no server at ${describeServer(PG_URL)} (${pgDown}). Start one (pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start), ` +
    'point BRIEFBOT_TEST_PG_URL at one, or set BRIEFBOT_SKIP_PG=1 to skip the PostgreSQL suites explicitly';

/** The reason to skip PostgreSQL tests: only when the server is down AND BRIEFBOT_SKIP_PG=1 asks for it. */
export const PG_SKIP: string | undefined = PG_UNAVAILABLE !== undefined && process.env.BRIEFBOT_SKIP_PG === '1' ? PG_UNAVAILABLE : undefined;

/** A store in a new schema of the test server, dropped when it is closed; fails with PG_UNAVAILABLE when down. */
export async function openPostgresTestStorage(now: () => Date, prefix = 't'): ReturnType<typeof openScratchPostgres> {
  if (PG_UNAVAILABLE !== undefined) throw new Error(PG_UNAVAILABLE);
  return openScratchPostgres({ url: PG_URL, now, prefix });
}
