// Shared setup for the Slack adapter tests: a fake Web API, the real core (seeded), the real Bolt app in
// HTTP mode on 127.0.0.1:0, and helpers that send correctly signed requests the way Slack does.
import { randomUUID } from 'node:crypto';
import type { BriefBot } from '../../../src/app.js';
import { createLogger } from '../../../src/log.js';
import { testApp, type TestApp } from '../../helpers/bot.js';
import { createSlackAdapter, type SlackAdapter, type SlackAdapterOptions } from '../../../adapters/slack/index.js';
import { FakeSlackApi } from '../../doubles/slack-api.js';
import { slackSignature } from '../../doubles/slack-signing.js';
import type { Operations } from '../../../src/health.js';

export const SECRET = 'test-signing-secret';
export const BOT_USER = 'UBOT';
export const CHANNEL = 'C0001';
export const USER = 'U0001';

/** `now` is the core's clock (ingest times, digest windows); `env` adds settings such as BRIEFBOT_ADMINS. */
export function seededBot(paths: string[] = ['seeds'], options: { now?: () => Date; env?: Record<string, string> } = {}): Promise<TestApp> {
  return testApp({ seeds: paths, ...options });
}

export function sign(rawBody: string, timestamp = Math.floor(Date.now() / 1000), secret = SECRET): Record<string, string> {
  return slackSignature(rawBody, secret, timestamp);
}

export interface Harness {
  api: FakeSlackApi;
  adapter: SlackAdapter;
  app: TestApp;
  bot: BriefBot;
  url: string;
  /** POSTs a raw body to /slack/events, signed unless `headers` replace the signature. */
  send(rawBody: string, contentType: string, headers?: Record<string, string>): Promise<Response>;
  /** Sends `/brief <text>` as USER (or `user`); its response_url posts are recorded as `/response/<responseName>`. */
  command(text: string, responseName?: string, user?: string): Promise<Response>;
  /** Sends an event_callback; returns the response and the event_id used. */
  event(event: Record<string, unknown>, options?: { eventId?: string; retryNum?: number }): Promise<{ res: Response; eventId: string }>;
  mention(text: string, extra?: Record<string, unknown>): Promise<{ res: Response; eventId: string; ts: string }>;
  action(payload: Record<string, unknown>): Promise<Response>;
  close(): Promise<void>;
}

/** `app`: the core (default: seeded, in memory); `adapterBot`: what the adapter calls instead (to inject faults). */
export async function startHarness(options: { app?: TestApp; adapterBot?: BriefBot; hooks?: SlackAdapterOptions; operations?: Operations } = {}): Promise<Harness> {
  const api = await FakeSlackApi.start({ botUserId: BOT_USER });
  const app = options.app ?? (await seededBot());
  const bot = app.bot;
  const adapter = createSlackAdapter({ ...app, bot: options.adapterBot ?? bot, logger: createLogger('silent'), ...(options.operations ? { operations: options.operations } : {}) }, {
    botToken: 'xoxb-fake',
    signingSecret: SECRET,
    apiUrl: api.url,
    port: 0,
    botId: api.botId,
    botUserId: api.botUserId,
    clientOptions: { retryConfig: { retries: 0 } },
    ...options.hooks,
  });
  await adapter.start();
  const url = `http://127.0.0.1:${adapter.port()}/slack/events`;

  const send: Harness['send'] = (rawBody, contentType, headers) =>
    fetch(url, { method: 'POST', body: rawBody, headers: { 'content-type': contentType, ...(headers ?? sign(rawBody)) } });

  const h: Harness = {
    api,
    app,
    adapter,
    bot,
    url,
    send,
    command(text, responseName = 'cmd', user = USER) {
      const body = new URLSearchParams({
        token: 'legacy', team_id: api.teamId, team_domain: 'test', channel_id: CHANNEL, channel_name: 'general', user_id: user,
        user_name: 'ana', command: '/brief', text, api_app_id: 'A0001', response_url: api.responseUrl(responseName), trigger_id: `t.${randomUUID()}`,
      }).toString();
      return send(body, 'application/x-www-form-urlencoded');
    },
    async event(event, { eventId = `Ev${randomUUID().slice(0, 8)}`, retryNum } = {}) {
      const body = JSON.stringify({
        token: 'legacy', team_id: api.teamId, api_app_id: 'A0001', type: 'event_callback', event_id: eventId, event_time: Math.floor(Date.now() / 1000),
        authorizations: [{ team_id: api.teamId, user_id: BOT_USER, is_bot: true }], event,
      });
      const retry: Record<string, string> = retryNum === undefined ? {} : { 'x-slack-retry-num': String(retryNum), 'x-slack-retry-reason': 'http_timeout' };
      const res = await send(body, 'application/json', { ...sign(body), ...retry });
      return { res, eventId };
    },
    async mention(text, extra = {}) {
      const ts = api.nextTs();
      const event = { type: 'app_mention', user: USER, text: `<@${BOT_USER}> ${text}`, ts, channel: CHANNEL, event_ts: ts, ...extra };
      api.addMessage({ channel: CHANNEL, ts, text: event.text, user: USER, thread_ts: extra.thread_ts as string | undefined });
      const { res, eventId } = await h.event(event);
      return { res, eventId, ts };
    },
    action(payload) {
      return send(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded');
    },
    async close() {
      await adapter.stop();
      await api.close();
      await bot.close();
    },
  };
  return h;
}

/** All mrkdwn/plain text inside a list of blocks, joined. */
export function blockText(blocks: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if ((o.type === 'mrkdwn' || o.type === 'plain_text') && typeof o.text === 'string') out.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(blocks);
  return out.join('\n').replaceAll('\u200B', '');
}
