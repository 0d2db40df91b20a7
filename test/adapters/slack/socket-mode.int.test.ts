// Socket Mode: with an app token the adapter opens a WebSocket (apps.connections.open) instead of
// listening for HTTP, acks envelopes over the socket, and still answers through the Web API.
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { createSlackAdapter, type SlackAdapter } from '../../../adapters/slack/index.js';
import { FakeSlackApi } from '../../doubles/slack-api.js';
import { blockText, BOT_USER, CHANNEL, seededBot, USER } from './harness.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

describe('Socket Mode', () => {
  it('acks a slash command and an app_mention over the socket and answers via the Web API', async () => {
    const api = await FakeSlackApi.start({ botUserId: BOT_USER });
    cleanups.push(() => api.close());
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((r) => wss.once('listening', () => r()));
    cleanups.push(() => new Promise<void>((r) => wss.close(() => r())));
    api.socketUrl = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/link?ticket=x`;
    const fromBot: { envelope_id: string; payload?: { text?: string } }[] = [];
    const connected = new Promise<WebSocket>((resolve) =>
      wss.on('connection', (ws) => {
        ws.on('message', (data) => fromBot.push(JSON.parse(String(data)) as (typeof fromBot)[number]));
        ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake' }, connection_info: { app_id: 'A0001' } }));
        resolve(ws);
      }),
    );

    const app = await seededBot();
    cleanups.push(() => app.bot.close());
    const adapter: SlackAdapter = createSlackAdapter(app, {
      botToken: 'xoxb-fake', appToken: 'xapp-fake', apiUrl: api.url, botId: api.botId, botUserId: api.botUserId,
      clientOptions: { retryConfig: { retries: 0 } },
    });
    expect(adapter.mode).toBe('socket');
    await adapter.start();
    cleanups.push(() => adapter.stop());
    const ws = await connected;
    expect(api.callsTo('apps.connections.open')[0]?.headers.authorization).toBe('Bearer xapp-fake');

    ws.send(JSON.stringify({
      envelope_id: 'env-cmd', type: 'slash_commands', accepts_response_payload: true,
      payload: { command: '/brief', text: 'help', team_id: api.teamId, channel_id: CHANNEL, user_id: USER, response_url: api.responseUrl('sock'), trigger_id: 't' },
    }));
    const ack = await api.waitFor(() => fromBot.find((m) => m.envelope_id === 'env-cmd'));
    expect(ack.payload?.text).toContain('/brief public');

    const ts = api.nextTs();
    ws.send(JSON.stringify({
      envelope_id: 'env-ev', type: 'events_api', accepts_response_payload: false, retry_attempt: 0,
      payload: { type: 'event_callback', team_id: api.teamId, api_app_id: 'A0001', event_id: 'EvSock', event_time: 1,
        event: { type: 'app_mention', user: USER, text: `<@${BOT_USER}> How many doses of Sputnik V did Armenia receive first?`, ts, channel: CHANNEL, event_ts: ts } },
    }));
    const post = await api.waitFor(() => api.callsTo('chat.postMessage')[0]);
    expect(post.body.thread_ts).toBe(ts);
    expect(blockText(post.body.blocks)).toContain('15,000');
    expect(fromBot.some((m) => m.envelope_id === 'env-ev')).toBe(true);
  });
});
