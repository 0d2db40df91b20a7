// The CLI and `npm start` as a user runs them: real processes, a temporary database.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Answer, Brief } from '../../src/domain.js';
import { cliRunner, freePort } from '../helpers/cli.js';

const { dir, run } = cliRunner();

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

describe('briefbot backup', () => {
  it('copies the store to a new file that opens as a store; refuses to overwrite a file', async () => {
    const db = join(dir, 'to-back-up.db');
    const file = join(dir, 'copy.db');
    const r = await run(['bin/cli.ts', 'backup', file], undefined, { BRIEFBOT_DB: db });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^backed up 2 documents to .*copy\.db \(\d+\.\d MB\)/);
    // the copy is a store: brief from it
    const fromCopy = await run(['bin/cli.ts', 'brief', '--json'], undefined, { BRIEFBOT_DB: file, BRIEFBOT_SEEDS: '' });
    expect(Brief.parse(JSON.parse(fromCopy.out)).stories[0]!.documents).toHaveLength(2);
    const again = await run(['bin/cli.ts', 'backup', file], undefined, { BRIEFBOT_DB: db });
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/already exists: back up to a new file/);
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

describe('briefbot digest --now with the Slack API unreachable', () => {
  it('reports the failure and exits in seconds (the Web API client retried for half an hour)', async () => {
    const [closed, port] = [await freePort(), await freePort()];
    const started = Date.now();
    const r = await run(['bin/cli.ts', 'digest', '--now'], undefined, {
      DIGEST_CHANNELS: 'slack:C0DIGEST', SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret', PORT: String(port),
      SLACK_API_URL: `http://127.0.0.1:${closed}/api/`,
    });
    expect(r.code, r.err).toBe(1);
    expect(r.out).toMatch(/slack:C0DIGEST: failed: /);
    expect(Date.now() - started).toBeLessThan(25_000);
  }, 30_000);
});

describe('npm start with HEALTH_PORT', () => {
  it('serves /healthz, /readyz (database and console adapter) and /metrics while it runs, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'bin/main.ts'], {
      env: { ...process.env, LOG_LEVEL: 'warn', SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '', BRIEFBOT_DB: join(dir, 'health.db'), HEALTH_PORT: String(port) },
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      let ready: Response | undefined;
      for (let i = 0; i < 100 && !ready; i++) {
        ready = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
        if (!ready) await new Promise((r) => setTimeout(r, 100));
      }
      expect(ready?.status).toBe(200);
      expect(await ready!.json()).toEqual({ ready: true, checks: { database: 'ok', console: 'connected' } });
      expect(await (await fetch(`http://127.0.0.1:${port}/healthz`)).text()).toBe('ok\n');
      // the process's own metrics (boot exports them) beside the bot's
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toContain('briefbot_process_resident_memory_bytes');
      expect(metrics).toContain('briefbot_nodejs_eventloop_lag_p99_seconds');
      expect(metrics).toContain('# TYPE briefbot_requests_total counter');
      // SIGTERM: stops taking work, closes the database cleanly (its WAL checkpointed away) and exits 0
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(existsSync(join(dir, 'health.db-wal'))).toBe(false);
    } finally {
      child.kill('SIGKILL');
    }
  }, 30_000);
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
