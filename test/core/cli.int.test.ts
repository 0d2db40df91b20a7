// The CLI and `npm start` as a user runs them: real processes, a temporary database.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Answer, Brief } from '../../src/domain.js';
import { openSqliteStorage } from '../../src/store/sqlite/index.js';
import { articleHtml, rss, startFeedServer } from '../sources/feed-server.js';

const dir = mkdtempSync(join(tmpdir(), 'briefbot-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { ...process.env, LOG_LEVEL: 'warn', SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '' };
let dbs = 0;

/** Runs `node --import tsx <args>` without blocking, so independent runs can overlap. Each run gets a database
 * of its own (seeded at boot) unless `extraEnv` names one, so overlapping runs never share a file. */
function run(args: string[], input?: string, extraEnv: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { env: { ...env, BRIEFBOT_DB: join(dir, `cli-${++dbs}.db`), ...extraEnv }, timeout: 30_000 });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
    child.stdin.on('error', () => {}); // a process that exits without reading its input (EPIPE), as spawnSync allows
    child.stdin.end(input);
  });
}

describe('briefbot CLI', () => {
  it('ask --json prints a valid Answer with citations', async () => {
    const r = await run(['bin/cli.ts', 'ask', '--json', 'How many doses of Sputnik V did Armenia receive first?']);
    expect(r.code).toBe(0);
    const answer = Answer.parse(JSON.parse(r.out));
    expect(answer.status).toBe('answered');
    expect(answer.citations[0]).toMatchObject({ source: '002_ea08fb494fe980f6' });
    expect(answer.citations[0]!.documentId).toMatch(/^d_/);
    expect(answer.citations[0]!.quote).toContain('15,000');
  });

  it('brief --json prints a valid Brief; a topic with nothing says so', async () => {
    const [r, none] = await Promise.all([run(['bin/cli.ts', 'brief', '--json']), run(['bin/cli.ts', 'brief', 'volcanoes'])]);
    expect(r.code).toBe(0);
    const brief = Brief.parse(JSON.parse(r.out));
    expect(brief.stories[0]!.keyPoints[0]!.citations.length).toBeGreaterThan(0);
    expect(none.out).toMatch(/Nothing in the store about “volcanoes”/);
  });

  it('exits non-zero with a clear message on bad input', async () => {
    const [empty, missing, config] = await Promise.all([
      run(['bin/cli.ts', 'ask', ' ']),
      run(['bin/cli.ts', 'ingest', join(dir, 'nope')]),
      run(['bin/cli.ts', 'brief'], undefined, { PORT: 'abc' }),
    ]);
    expect(empty.code).toBe(2);
    expect(empty.err).toMatch(/question is empty/);
    expect(missing.code).toBe(1);
    expect(missing.out).toMatch(/skipped .*nope: unreadable/);
    // said once, in the report, not again as a log line
    expect(missing.err).not.toMatch(/nope/);
    expect(config.code).toBe(78);
    expect(config.err).toMatch(/^config error: PORT/);
  });
});

describe('briefbot digest --now', () => {
  it('runs each subscription once a day through the ledger; without a platform token it prints the digest', async () => {
    const digestEnv = { DIGEST_CHANNELS: 'console:local', BRIEFBOT_DB: join(dir, 'digest.db') };
    // The bad --channel run does not need the ledger's database: it runs alongside, on a database of its own.
    const badRun = run(['bin/cli.ts', 'digest', '--now', '--channel', 'teams'], undefined, { ...digestEnv, BRIEFBOT_DB: join(dir, 'digest-bad.db') });
    const first = await run(['bin/cli.ts', 'digest', '--now'], undefined, digestEnv);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/\[console:local\]\nDigest of what is new since .* UTC: 1 story/);
    expect(first.out).toMatch(/console:local: printed \(no token for that platform\)/);
    const again = await run(['bin/cli.ts', 'digest', '--now'], undefined, digestEnv);
    expect(again.out.trim()).toBe('console:local: already delivered today');
    const bad = await badRun;
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--channel takes platform:id/);
  });
});

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
    old.documents.add([{ source: 'Wire', title: 'Old news', titleOrigin: 'metadata', lang: 'en', text: 'The harbour reopened after repairs. Ferries resumed.' }]);
    old.close();
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

describe('npm start with no tokens: the console adapter', () => {
  it('answers piped commands as the bot would in chat, then exits', async () => {
    const r = await run(['bin/main.ts'], '/brief\n@briefbot Who is Benyamin Poghosyan?\nWhat is the population of Brazil?\n/help\n/quit\n');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Brief: 1 story \(extractive\)/);
    expect(r.out).toMatch(/POWs, the economy, and vaccines discussed as Pashinyan meets Putin/);
    expect(r.out).toMatch(/\*\*a political analyst and director of the Political Science Association of Armenia\*\*/);
    expect(r.out).toMatch(/I don't know: nothing in my store answers “What is the population of Brazil\?”/);
    expect(r.out).toMatch(/\/brief \[topic\]/);
  });

  it('previews the digest and answers questions under it', async () => {
    const r = await run(['bin/main.ts'], '/digest\ntell me more about story 1\n');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Digest of what is new since .*: 1 story/);
    expect(r.out).toMatch(/Story 1: POWs, the economy, and vaccines discussed as Pashinyan meets Putin \(/);
  });
});

describe('briefbot sources', () => {
  it('add refuses a private address without FETCH_ALLOW_HOSTS; add, list, export, poll and remove work with it', async () => {
    const feeds = await startFeedServer();
    try {
      feeds.set('/feed.xml', { etag: '"v1"', body: rss('Coast News', [{ guid: 'h1', title: 'Harbour reopens', content: articleHtml(Array(8).fill('The harbour of Port Ellen reopened on Tuesday after two months of repairs.')) }]) });
      const url = `${feeds.url}/feed.xml`;
      const [refused, list0] = await Promise.all([run(['bin/cli.ts', 'sources', 'add', url]), run(['bin/cli.ts', 'sources', 'list'])]);
      expect(refused.code).toBe(2);
      expect(refused.err).toMatch(/^briefbot: Refused to fetch .*private address.*FETCH_ALLOW_HOSTS/);
      expect(list0.out).toMatch(/no sources/);

      const db = { BRIEFBOT_DB: join(dir, 'sources.db'), FETCH_ALLOW_HOSTS: '127.0.0.1', BRIEFBOT_SEEDS: '' };
      const added = await run(['bin/cli.ts', 'sources', 'add', url, '--name', 'The Coast'], undefined, db);
      expect(added.out).toBe(`following ${url}\nThe Coast: RSS feed, 1 item, 1 new\n`);
      const [list, opml, poll] = await Promise.all([
        run(['bin/cli.ts', 'sources', 'list', '--json'], undefined, db),
        run(['bin/cli.ts', 'sources', 'export'], undefined, db),
        run(['bin/cli.ts', 'sources', 'poll'], undefined, { ...db, PROGRESS_EVERY_SECONDS: '0' }),
      ]);
      expect(JSON.parse(list.out)).toMatchObject([{ id: 1, url, name: 'The Coast', itemsStored: 1, etag: '"v1"' }]);
      expect(opml.out).toContain(`<outline type="rss" text="The Coast" title="The Coast" xmlUrl="${url}"/>`);
      expect(poll.out).toBe('The Coast: not modified\n');
      expect(poll.err).toMatch(/^sources poll: 0\/1 sources \(0%\), 0 stored, .*\nsources poll: 1\/1 sources \(100%\), 0 stored, [\d.]+\/s, done in [\d.]+ s\n$/);
      const removed = await run(['bin/cli.ts', 'sources', 'remove', '1'], undefined, db);
      expect(removed.out).toBe('stopped following 1\n');
      const missing = await run(['bin/cli.ts', 'sources', 'remove', url], undefined, db);
      expect(missing.code).toBe(2);
      expect(missing.err).toMatch(/no source matches/);
    } finally {
      await feeds.close();
    }
  }, 90_000); // seven CLI processes, each loading the app through tsx
});
