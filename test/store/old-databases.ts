// Database files for the SQLite tests: temporary ones (removed after each test), and old ones for migrations.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach } from 'vitest';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A new database path in a temporary folder, removed after the test. */
export function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'briefbot-store-'));
  dirs.push(dir);
  return join(dir, 'test.db');
}

/** Makes a closed database look as an older briefbot left it: `sql` undoes the later schemas. */
export function downgrade(path: string, sql: string, version: number): void {
  const db = new BetterSqlite3(path);
  db.exec(sql);
  db.pragma(`user_version = ${version}`);
  db.close();
}
