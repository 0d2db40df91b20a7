// Old databases for migration tests.
import BetterSqlite3 from 'better-sqlite3';

/** Makes a closed database look as an older briefbot left it: `sql` undoes the later schemas. */
export function downgrade(path: string, sql: string, version: number): void {
  const db = new BetterSqlite3(path);
  db.exec(sql);
  db.pragma(`user_version = ${version}`);
  db.close();
}
