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

/** Undoes schema 13 (workspaces): subscriptions keyed by (platform, channel, topic) again, no installations. */
export const DOWN_FROM_WORKSPACES = `PRAGMA foreign_keys = OFF;
  CREATE TABLE subscriptions_v12 (
    id INTEGER PRIMARY KEY, platform TEXT NOT NULL, channel_id TEXT NOT NULL, time_of_day TEXT NOT NULL, timezone TEXT NOT NULL,
    topic TEXT NOT NULL DEFAULT '', weekdays_only INTEGER NOT NULL DEFAULT 0, post_when_empty INTEGER NOT NULL DEFAULT 0,
    origin TEXT NOT NULL DEFAULT 'chat', created_by TEXT, created_at TEXT NOT NULL, paused_reason TEXT, paused_at TEXT,
    UNIQUE (platform, channel_id, topic));
  INSERT INTO subscriptions_v12 SELECT id, platform, channel_id, time_of_day, timezone, topic, weekdays_only, post_when_empty, origin, created_by, created_at, paused_reason, paused_at FROM subscriptions;
  DROP TABLE subscriptions; ALTER TABLE subscriptions_v12 RENAME TO subscriptions;
  ALTER TABLE feedback DROP COLUMN workspace_id; DROP TABLE slack_installations;`;
