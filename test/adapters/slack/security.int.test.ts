import { afterEach, describe, expect, it } from 'vitest';
import { healthReport } from '../../../src/health.js';
import { seededBot, type Harness, sign, startHarness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const commandBody = (responseUrl: string) =>
  new URLSearchParams({ command: '/brief', text: '', team_id: 'T0001', channel_id: 'C0001', user_id: 'U0001', response_url: responseUrl }).toString();
const FORM = 'application/x-www-form-urlencoded';

describe('request signature verification', () => {
  it('rejects an unsigned request with 401 and does no work', async () => {
    h = await startHarness();
    const res = await h.send(commandBody(h.api.responseUrl()), FORM, {});
    expect(res.status).toBe(401);
    expect(h.api.responses).toHaveLength(0);
  });

  it('rejects a request signed with another secret', async () => {
    h = await startHarness();
    const body = commandBody(h.api.responseUrl());
    const res = await h.send(body, FORM, sign(body, undefined, 'not-the-secret'));
    expect(res.status).toBe(401);
  });

  it('rejects a replayed request whose timestamp is older than 5 minutes, though correctly signed', async () => {
    h = await startHarness();
    const body = commandBody(h.api.responseUrl());
    const res = await h.send(body, FORM, sign(body, Math.floor(Date.now() / 1000) - 6 * 60));
    expect(res.status).toBe(401);
    expect(h.api.responses).toHaveLength(0);
  });

  it('rejects a body altered after signing', async () => {
    h = await startHarness();
    const body = commandBody(h.api.responseUrl());
    const res = await h.send(body.replace('text=', 'text=public'), FORM, sign(body));
    expect(res.status).toBe(401);
  });

  it('answers Slack’s url_verification challenge when signed', async () => {
    h = await startHarness();
    const body = JSON.stringify({ type: 'url_verification', challenge: 'abc123', token: 'legacy' });
    const res = await h.send(body, 'application/json');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: 'abc123' });
  });
});

describe('bodies that are signed but not what Slack sends', () => {
  // Bolt's HTTPReceiver reads body.ssl_check from whatever JSON.parse gave: null, a number or a string threw
  // inside its request handler, an unhandled rejection that ended the process
  it.each([['null'], ['42'], ['"text"'], ['[]'], ['true']])('answers the JSON body %s with 400 and keeps serving', async (raw) => {
    h = await startHarness();
    const res = await h.send(raw, 'application/json');
    expect(res.status).toBe(400);
    const form = `payload=${encodeURIComponent(raw)}`;
    expect((await h.send(form, FORM)).status).toBe(400);
    const body = commandBody(h.api.responseUrl());
    expect((await h.send(body, FORM)).status).toBe(200);
    await expect.poll(() => h!.api.responses.length).toBeGreaterThan(0);
  });
});

describe('operations endpoints on the Slack HTTP port', () => {
  it('answers /healthz, /readyz and /metrics without a signature; /readyz turns 503 when the database stops answering', async () => {
    const app = await seededBot();
    let adapters: { platform: 'slack'; connected: () => boolean }[] = [];
    h = await startHarness({ app, operations: { report: () => healthReport(app.bot, adapters), metrics: () => app.bot.metrics() } });
    adapters = [{ platform: 'slack', connected: () => h!.adapter.connected() }];
    const base = h.url.replace('/slack/events', '');
    const alive = await fetch(`${base}/healthz`);
    expect([alive.status, await alive.text()]).toEqual([200, 'ok\n']);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, checks: { database: 'ok', slack: 'connected' } });
    await h.command('', 'm1');
    await h.api.waitFor(() => h!.api.responses.find((r) => r.method === '/response/m1'));
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('briefbot_requests_total{kind="brief",outcome="ok"} 1');
    await app.storage.close();
    const down = await fetch(`${base}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ ready: false, checks: { database: 'unreachable' } });
  });
});

