// The real bot (`npm start`'s bin/main.ts, Slack HTTP mode) killed with SIGKILL while answers and briefs are in
// flight: Slack does not send an acknowledged event or command again, so the next process must answer what the dead one took on,
// each question once, and a re-delivery must not be answered twice.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeSlackApi } from '../../doubles/slack-api.js';
import { freePort } from '../../helpers/cli.js';
import { BOT_USER, CHANNEL, SECRET, sign, USER } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'briefbot-sigkill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function startBot(api: FakeSlackApi, port: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/main.ts'], {
    env: {
      ...process.env, LOG_LEVEL: 'warn', SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SECRET, SLACK_APP_TOKEN: '', DISCORD_TOKEN: '',
      SLACK_API_URL: api.url, PORT: String(port), BRIEFBOT_DB: join(dir, 'bot.db'), READER_THREADS: '1',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  for (let i = 0; i < 200; i++) {
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
    if (ready?.status === 200) return { child, exited };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('the bot did not become ready');
}

function mention(port: number, eventId: string, ts: string, text: string, retryNum?: number): Promise<Response> {
  const body = JSON.stringify({
    token: 'legacy', team_id: 'T0001', api_app_id: 'A0001', type: 'event_callback', event_id: eventId, event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: 'T0001', user_id: BOT_USER, is_bot: true }],
    event: { type: 'app_mention', user: USER, text: `<@${BOT_USER}> ${text}`, ts, channel: CHANNEL, event_ts: ts },
  });
  const retry: Record<string, string> = retryNum === undefined ? {} : { 'x-slack-retry-num': String(retryNum), 'x-slack-retry-reason': 'http_timeout' };
  return fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...sign(body), ...retry } });
}

function command(port: number, responseUrl: string): Promise<Response> {
  const body = new URLSearchParams({
    token: 'legacy', team_id: 'T0001', channel_id: CHANNEL, user_id: USER, command: '/brief', text: '', api_app_id: 'A0001',
    response_url: responseUrl, trigger_id: `t.${responseUrl}`,
  }).toString();
  return fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(body) } });
}

describe('SIGKILL with acknowledged questions in flight', () => {
  it('the restarted bot answers each question and /brief once; a re-delivered one is not answered twice', async () => {
    const api = await FakeSlackApi.start({ botUserId: BOT_USER });
    const port = await freePort();
    try {
      api.holdCalls('/api/chat.postMessage', '/response/'); // answers and briefs are made, and stuck on their way out
      const first = await startBot(api, port);
      const asked = Array.from({ length: 5 }, (_, i) => ({ eventId: `EvKILL${i}`, ts: `1700000100.00000${i}` }));
      const acks = await Promise.all(asked.map((q) => mention(port, q.eventId, q.ts, 'How many doses of Sputnik V did Armenia receive?')));
      const briefs = ['b1', 'b2', 'b3'];
      acks.push(...(await Promise.all(briefs.map((name) => command(port, api.responseUrl(name))))));
      expect(acks.map((r) => r.status)).toEqual(Array(8).fill(200));
      await api.waitFor(() => api.heldCount === asked.length + briefs.length, 20_000);
      first.child.kill('SIGKILL');
      await first.exited;
      await new Promise((r) => setTimeout(r, 300)); // for the fake to see its callers' connections close
      api.release(); // their callers are gone: none of these posts happened

      const second = await startBot(api, port);
      try {
        // Slack re-delivers one of them (its retry of an event it thinks was lost)
        expect((await mention(port, asked[0]!.eventId, asked[0]!.ts, 'How many doses of Sputnik V did Armenia receive?', 1)).status).toBe(200);
        await api.waitFor(() => api.callsTo('chat.postMessage').length >= asked.length && api.responses.length >= briefs.length, 20_000);
        await new Promise((r) => setTimeout(r, 500)); // room for a duplicate to show
        const threads = api.callsTo('chat.postMessage').map((c) => c.body.thread_ts);
        expect(threads.sort()).toEqual(asked.map((q) => q.ts).sort());
        expect(api.responses.map((r) => r.method).sort()).toEqual(briefs.map((name) => `/response/${name}`));
        expect(api.responses.every((r) => JSON.stringify(r.body).includes('Pashinyan'))).toBe(true);
      } finally {
        second.child.kill('SIGTERM');
        await second.exited;
      }
    } finally {
      await api.close();
    }
  }, 90_000);
});
