// The store the configuration names: PostgreSQL when DATABASE_URL is set (loaded only then), else the SQLite file.
import type { Config } from '../config.js';
import type { Storage } from './repositories.js';
import { openSqliteStorage } from './sqlite/index.js';

export async function openStorage(config: Pick<Config, 'BRIEFBOT_DB' | 'DATABASE_URL' | 'DATABASE_POOL_MAX'>, now: () => Date): Promise<Storage> {
  if (!config.DATABASE_URL) return openSqliteStorage(config.BRIEFBOT_DB, now);
  const { openPostgresStorage } = await import('./postgres/index.js');
  return openPostgresStorage({ url: config.DATABASE_URL, poolMax: config.DATABASE_POOL_MAX, now });
}
