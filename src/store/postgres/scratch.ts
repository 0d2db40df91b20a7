// A PostgreSQL store in a schema of its own, dropped when it is closed: what the eval, the bench and the tests
// run on, so that each run starts empty and leaves nothing behind in the database it was pointed at.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPostgresStorage, type PostgresStorage } from './index.js';

/** The server the eval, bench and tests use: BRIEFBOT_TEST_PG_URL, else the local one of the project's machines. */
export const SCRATCH_PG_URL = process.env.BRIEFBOT_TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** `prefix`: what the schema's name starts with (lower-case letters), so that a leftover is recognisable. */
export async function openScratchPostgres(
  options: { url?: string; poolMax?: number; now?: () => Date; prefix?: string } = {},
): Promise<PostgresStorage & { readonly url: string; readonly schema: string }> {
  const url = options.url ?? SCRATCH_PG_URL;
  const schema = `${options.prefix ?? 'scratch'}_${randomBytes(6).toString('hex')}`;
  const storage = await openPostgresStorage({ url, poolMax: options.poolMax ?? 4, schema, ...(options.now ? { now: options.now } : {}) });
  const close = storage.close.bind(storage);
  return Object.assign(storage, {
    url,
    schema,
    async close() {
      await close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  });
}
