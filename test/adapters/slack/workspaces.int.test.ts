// Slack in many workspaces (#13): the OAuth install flow through Bolt's own installer against the fake Web API,
// then commands, questions and digests each keyed by, and posted with the token of, their workspace.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../../adapters/slack/index.js';
import { createLogger } from '../../../src/log.js';
import { FakeSlackApi, type RecordedCall } from '../../doubles/slack-api.js';
import type { TestApp } from '../../helpers/bot.js';
import { SECRET, seededBot, sign } from './harness.js';
import { until } from '../../helpers/wait.js';

const CHANNEL = 'C0SHARED'; // the same channel id in both workspaces: keyed apart all the same
const thisMinute = () => new Date().toISOString().slice(11, 16);
const tokenOf = FakeSlackApi.tokenOf;

interface Multi {
  api: FakeSlackApi;
  app: TestApp;
  adapter: SlackAdapter;
  base: string;
  close(): Promise<void>;
}

let m: Multi | undefined;
afterEach(async () => {
  await m?.close();
  m = undefined;
});

async function start(): Promise<Multi> {
  const api = await FakeSlackApi.start();
  const app = await seededBot();
  const adapter = createSlackAdapter({ ...app, logger: createLogger('silent') }, {
    oauth: { clientId: '111.222', clientSecret: 'client-secret', stateSecret: 'state-secret' },
    signingSecret: SECRET, apiUrl: api.url, port: 0, clientOptions: { retryConfig: { retries: 0 } },
  });
  await adapter.start();
  const base = `http://127.0.0.1:${adapter.port()}`;
  return { api, app, adapter, base, close: async () => (await adapter.stop(), await api.close(), await app.bot.close()) };
}

/** The install as a browser makes it: /slack/install sets the state cookie and sends the user to Slack, whose redirect comes back with a code. */
async function install(h: Multi, teamId: string): Promise<Response> {
  const begin = await fetch(`${h.base}/slack/install`, { redirect: 'manual' });
  expect(begin.status).toBe(302);
  const authorize = new URL(begin.headers.get('location')!);
  expect(authorize.searchParams.get('client_id')).toBe('111.222');
  expect(authorize.searchParams.get('scope')).toContain('app_mentions:read');
  const cookie = begin.headers.get('set-cookie')!.split(';')[0]!;
  const state = authorize.searchParams.get('state')!;
  return fetch(`${h.base}/slack/oauth_redirect?code=${h.api.grant(teamId)}&state=${encodeURIComponent(state)}`, { headers: { cookie }, redirect: 'manual' });
}

async function send(h: Multi, raw: string, contentType: string): Promise<Response> {
  return fetch(`${h.base}/slack/events`, { method: 'POST', body: raw, headers: { 'content-type': contentType, ...sign(raw) } });
}

function command(h: Multi, teamId: string, text: string, user = 'U0001'): Promise<Response> {
  const body = new URLSearchParams({
    team_id: teamId, channel_id: CHANNEL, user_id: user, command: '/brief', text, api_app_id: 'A0001',
    response_url: h.api.responseUrl(`${teamId}-${randomUUID().slice(0, 6)}`), trigger_id: `t.${randomUUID()}`,
  });
  return send(h, body.toString(), 'application/x-www-form-urlencoded');
}

function event(h: Multi, teamId: string, ev: Record<string, unknown>): Promise<Response> {
  const body = { team_id: teamId, api_app_id: 'A0001', type: 'event_callback', event_id: `Ev${randomUUID().slice(0, 8)}`, event_time: 1, event, authorizations: [{ team_id: teamId, is_bot: true }] };
  return send(h, JSON.stringify({ ...body, event: ev }), 'application/json');
}

const responsesOf = (h: Multi, teamId: string): RecordedCall[] => h.api.responses.filter((r) => r.method.startsWith(`/response/${teamId}-`));

describe('Slack OAuth installs: many workspaces', () => {
  it('refuses an install whose state was not issued to this browser, and a code Slack did not grant; nothing is stored', async () => {
    m = await start();
    const begin = await fetch(`${m.base}/slack/install`, { redirect: 'manual' });
    const state = new URL(begin.headers.get('location')!).searchParams.get('state')!;
    const noCookie = await fetch(`${m.base}/slack/oauth_redirect?code=${m.api.grant('T-A')}&state=${encodeURIComponent(state)}`, { redirect: 'manual' });
    expect(noCookie.status).toBeGreaterThanOrEqual(400);
    expect(await m.app.bot.installations.count()).toBe(0);
    const cookie = begin.headers.get('set-cookie')!.split(';')[0]!;
    const badCode = await fetch(`${m.base}/slack/oauth_redirect?code=forged&state=${encodeURIComponent(state)}`, { headers: { cookie }, redirect: 'manual' });
    expect(badCode.status).toBeGreaterThanOrEqual(400);
    expect(await m.app.bot.installations.count()).toBe(0);
    // and the process still serves: a real install goes through afterwards
    expect((await install(m, 'T-A')).status).toBe(200);
    expect(await m.app.bot.installations.count()).toBe(1);
  });

  it('a command from a workspace that never installed the app is answered (ephemeral), not dropped', async () => {
    m = await start();
    const res = await command(m, 'T-NOBODY', '');
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/not installed in this workspace/);
  });

  it('installs in two workspaces; each one\'s subscription, digest, answer and uninstall stay its own', async () => {
    m = await start();
    expect((await install(m, 'T-A')).status).toBe(200);
    expect((await install(m, 'T-B')).status).toBe(200);
    expect(await m.app.bot.installations.count()).toBe(2);
    const h = m;

    // the same user id and channel id in both workspaces; an admin in each (users.info asked with that workspace's token)
    h.api.setUser('U0001', { is_admin: true });
    await command(h, 'T-A', `subscribe ${thisMinute()} UTC`);
    await command(h, 'T-B', `subscribe ${thisMinute()} UTC`);
    await h.api.waitFor(() => responsesOf(h, 'T-A').length === 1 && responsesOf(h, 'T-B').length === 1);
    expect(h.api.callsTo('users.info').map(tokenOf).sort()).toEqual(['xoxb-T-A', 'xoxb-T-B']);
    const subs = await h.app.bot.digests.all();
    expect(subs.map((s) => [s.workspaceId, s.channelId])).toEqual([['T-A', CHANNEL], ['T-B', CHANNEL]]);
    expect(await h.app.bot.digests.list({ platform: 'slack', channelId: CHANNEL, workspaceId: 'T-A' })).toHaveLength(1);

    // each digest is posted with its own workspace's token
    const runner = h.app.bot.digestRunner(() => h.adapter, 'p1', { sleep: async () => undefined });
    const results = await runner.runDue(new Date());
    expect(results.map((r) => r.status)).toEqual(['delivered', 'delivered']);
    expect(h.api.callsTo('chat.postMessage').map(tokenOf).sort()).toEqual(['xoxb-T-A', 'xoxb-T-B']);

    // a question is answered in its thread with the asking workspace's token
    const ts = h.api.nextTs();
    await event(h, 'T-B', { type: 'app_mention', user: 'U0009', text: '<@UBOT-T-B> who met whom?', ts, channel: CHANNEL, event_ts: ts });
    const answer = await h.api.waitFor(() => h.api.callsTo('chat.postMessage').find((c) => c.body.thread_ts === ts));
    expect(tokenOf(answer)).toBe('xoxb-T-B');

    // workspace A uninstalls: its installation goes and its digest pauses; B is untouched
    await event(h, 'T-A', { type: 'app_uninstalled' });
    await until(async () => (await h.app.bot.installations.count()) === 1);
    const [a, b] = await h.app.bot.digests.all();
    expect(a?.pausedReason).toMatch(/uninstalled/);
    expect(b?.pausedReason).toBeUndefined();
    // a command from A now says the app is gone there; B's still work
    expect(await (await command(h, 'T-A', '')).text()).toMatch(/not installed in this workspace/);
    await command(h, 'T-B', 'subscriptions');
    await h.api.waitFor(() => responsesOf(h, 'T-B').length === 2);
    expect(String(responsesOf(h, 'T-B')[1]?.body.text)).toMatch(/every day/);
  });

  it('a digest whose workspace is no longer installed pauses with why, instead of failing every day', async () => {
    m = await start();
    await install(m, 'T-A');
    const h = m;
    await h.app.bot.digests.subscribe({ platform: 'slack', channelId: CHANNEL, workspaceId: 'T-A' }, `${thisMinute()} UTC`, { id: 'U1', canManage: true, whoCan: '' });
    await h.app.bot.installations.remove('T-A'); // uninstalled while the bot was down: no app_uninstalled arrived
    const [result] = await h.app.bot.digestRunner(() => h.adapter, 'p1', { sleep: async () => undefined }).runDue(new Date());
    expect(result).toMatchObject({ status: 'failed' });
    expect((await h.app.bot.digests.all())[0]?.pausedReason).toMatch(/not installed in Slack workspace T-A/);
    expect(h.api.callsTo('chat.postMessage')).toHaveLength(0);
  });
});
