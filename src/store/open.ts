// The store the configuration names: PostgreSQL when DATABASE_URL is set (loaded only then), else the SQLite file.
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { Storage } from './repositories.js';
import { openSqliteStorage } from './sqlite/index.js';

export async function openStorage(config: Pick<Config, 'BRIEFBOT_DB' | 'DATABASE_URL' | 'DATABASE_POOL_MAX'>, now: () => Date, logger?: Logger): Promise<Storage> {
  if (!config.DATABASE_URL) return openSqliteStorage(config.BRIEFBOT_DB, now);
  const { openPostgresStorage } = await import('./postgres/index.js');
  return openPostgresStorage({
    url: config.DATABASE_URL,
    poolMax: config.DATABASE_POOL_MAX,
    now,
    // the pool replaces a connection the server dropped; the next query reconnects (and /readyz says if it cannot)
    onIdleError: (err) => logger?.warn({ err: err.message }, 'database: an idle connection was lost'),
  });
}
