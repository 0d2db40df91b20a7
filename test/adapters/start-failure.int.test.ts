// One platform's start failure must not take the other down (#13): `npm start` with a Slack token Slack answers
// account_inactive (revoked) and a working Discord. Slack's failure is reported in one line, Discord keeps serving
// (an answer goes out), /readyz names the platform that is down, and nothing exits on an unhandled rejection.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BOT, messagePayload } from '../doubles/discord-harness.js';
import { startDiscordDoubles } from '../doubles/discord-process.js';
import { FakeSlackApi } from '../doubles/slack-api.js';
import { freePort } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'briefbot-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm start when one platform cannot start', () => {
  it('a revoked Slack token is reported and retried later; Discord in the same process keeps answering', async () => {
    const slack = await FakeSlackApi.start();
    slack.failNext('auth.test', 'account_inactive', 100);
    const discord = await startDiscordDoubles();
    const health = await freePort();
    let stderr = '';
    const child = spawn(process.execPath, ['--import', 'tsx', 'bin/main.ts'], {
      env: {
        ...process.env, LOG_LEVEL: 'warn', SLACK_BOT_TOKEN: 'xoxb-revoked', SLACK_SIGNING_SECRET: 's', SLACK_APP_TOKEN: '', SLACK_API_URL: slack.url,
        PORT: String(await freePort()), HEALTH_PORT: String(health), BRIEFBOT_DB: join(dir, 'bot.db'), READER_THREADS: '0', ...discord.env,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      let report: { ready: boolean; checks: Record<string, string> } | undefined;
      for (let i = 0; i < 200 && report?.checks.discord !== 'connected'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        report = await fetch(`http://127.0.0.1:${health}/readyz`).then((r) => r.json() as Promise<typeof report>).catch(() => undefined);
      }
      expect(report).toEqual({ ready: false, checks: { database: 'ok', slack: 'disconnected', discord: 'connected' } });
      expect(stderr).toMatch(/the slack adapter could not start: .*account_inactive.*trying again in 60 s/);
      expect(child.exitCode).toBeNull();
      // Discord still answers a question
      discord.gateway.dispatch('MESSAGE_CREATE', messagePayload(`<@${BOT.id}> who met whom?`));
      await discord.rest.waitFor(() => discord.rest.requests.find((r) => r.method === 'POST' && /\/messages$/.test(r.path) && JSON.stringify(r.body).includes('Putin')), 15_000);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
      await discord.close();
      await slack.close();
    }
  }, 60_000);
});
