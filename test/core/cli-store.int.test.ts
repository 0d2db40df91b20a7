// The CLI's long-running commands as a user runs them: progress lines, retention.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStorage } from '../../src/store/sqlite/index.js';
import { cliRunner } from '../helpers/cli.js';

const { dir, run } = cliRunner();

describe('progress on stderr when it is not a terminal', () => {
  it('ingest of a folder prints plain progress lines on stderr; stdout keeps the --json report', async () => {
    const folder = join(dir, 'many');
    mkdirSync(folder);
    for (let i = 0; i < 250; i++) writeFileSync(join(folder, `${String(i).padStart(3, '0')}.txt`), `Bulletin ${i}: the ferry number ${i} left the quay on time. Passengers ${i} cheered.`);
    const env = { BRIEFBOT_SEEDS: '', PROGRESS_EVERY_SECONDS: '0' };
    const [r, quiet] = await Promise.all([run(['bin/cli.ts', 'ingest', folder, '--json'], undefined, env), run(['bin/cli.ts', 'ingest', '--no-progress', folder], undefined, env)]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ added: 250, duplicates: 0, warnings: [] });
    expect(r.err.split('\n').filter(Boolean).map((l) => l.replace(/ \(.*/, ''))).toEqual(['0', '100', '200', '250'].map((n) => `ingest: ${n}/250 files`));
    expect(r.err).toMatch(/ingest: 250\/250 files \(100%\), 250 stored, [\d.]+\/s, done in [\d.]+ s\n$/);
    expect([quiet.out, quiet.err]).toEqual(['added 250, already stored 0, skipped 0\n', '']);
  });
});

describe('briefbot prune', () => {
  it('drops documents older than RETENTION_DAYS (or --days) and reports it; without either it says how', async () => {
    const path = join(dir, 'prune.db');
    const old = openSqliteStorage(path, () => new Date(Date.now() - 40 * 24 * 3600_000));
    await old.documents.add([{ source: 'Wire', title: 'Old news', titleOrigin: 'metadata', lang: 'en', text: 'The harbour reopened after repairs. Ferries resumed.' }]);
    await old.close();
    const db = { BRIEFBOT_DB: path, BRIEFBOT_SEEDS: '' };
    const [unset, bad, kept] = await Promise.all([
      run(['bin/cli.ts', 'prune'], undefined, { BRIEFBOT_SEEDS: '' }),
      run(['bin/cli.ts', 'prune', '--days', 'ten'], undefined, { BRIEFBOT_SEEDS: '' }),
      run(['bin/cli.ts', 'prune', '--days', '60'], undefined, db),
    ]);
    expect([unset.code, unset.err]).toEqual([2, expect.stringMatching(/RETENTION_DAYS is not set/)]);
    expect([bad.code, bad.err]).toEqual([2, expect.stringMatching(/--days takes a positive whole number \(got “ten”\)/)]);
    expect(kept.out).toMatch(/^dropped 0 documents ingested before .* UTC; 1 kept\n$/);
    const pruned = await run(['bin/cli.ts', 'prune', '--json'], undefined, { ...db, RETENTION_DAYS: '30' });
    expect(JSON.parse(pruned.out)).toMatchObject({ dropped: 1, batches: 1, complete: true });
  });
});
