// Several processes starting at once on a new database file (two bots, or a bot and a CLI): every one opens it,
// migrates it once between them, and stores what it has to.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStorage } from '../../src/store/sqlite/index.js';
import { SCHEMA_VERSION } from '../../src/store/sqlite/migrations.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function run(db: string, n: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/store/open-worker.ts', db, String(n)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('opening a new database from several processes at once', () => {
  it('migrates it once; every process opens it and stores its document', async () => {
    for (let round = 0; round < 2; round++) {
      const dir = mkdtempSync(join(tmpdir(), 'briefbot-race-'));
      dirs.push(dir);
      const db = join(dir, 'new.db');
      const results = await Promise.all([1, 2, 3, 4].map((n) => run(db, n)));
      for (const r of results) expect(r.stderr, r.stderr).toBe("");
      expect(results.map((r) => r.code)).toEqual([0, 0, 0, 0]);
      const storage = openSqliteStorage(db);
      expect(storage.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(await storage.documents.count()).toBe(4);
      await storage.close();
    }
  }, 60_000);
});
