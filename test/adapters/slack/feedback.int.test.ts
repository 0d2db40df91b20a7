import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BOT_USER, CHANNEL, type Harness, seededBot, startHarness } from './harness.js';

let h: Harness | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'briefbot-slack-feedback-'));
  dirs.push(dir);
  return join(dir, 'bot.db');
}

function click(hh: Harness, actionId: string, value: string, extra: Record<string, unknown> = {}) {
  return hh.action({
    type: 'block_actions',
    user: { id: 'U0042', username: 'ana', team_id: hh.api.teamId },
    team: { id: hh.api.teamId, domain: 'test' },
    api_app_id: 'A0001',
    token: 'legacy',
    trigger_id: 't.2',
    container: { type: 'message', message_ts: '1.2', channel_id: CHANNEL, is_ephemeral: false },
    channel: { id: CHANNEL, name: 'general' },
    response_url: hh.api.responseUrl('vote'),
    actions: [{ type: 'button', action_id: actionId, block_id: 'feedback', value, action_ts: '1.3', text: { type: 'plain_text', text: '👍' } }],
    ...extra,
  });
}

type ButtonBlock = { type: string; elements?: { action_id: string; value: string }[] };
const buttons = (blocks: unknown) => (blocks as ButtonBlock[]).find((b) => b.type === 'actions')?.elements ?? [];

describe('feedback buttons', () => {
  it('a 👍 on an answer stores question, answer text and citations, and is acknowledged ephemerally', async () => {
    h = await startHarness();
    await h.mention('How many doses of Sputnik V did Armenia receive first?');
    const post = await h.api.waitFor(() => h?.api.callsTo('chat.postMessage')[0]);
    const up = buttons(post.body.blocks).find((b) => b.action_id === 'feedback_up');
    expect(up?.value.length).toBeLessThan(2000);
    const res = await click(h, 'feedback_up', up?.value ?? '');
    expect(res.status).toBe(200);
    const ack = await h.api.waitFor(() => h?.api.responses.find((r) => r.method === '/response/vote'));
    expect(ack.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(ack.body.text)).toContain('👍');
    const stored = await h.app.storage.feedback.all();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ platform: 'slack', userId: 'U0042', vote: 'up', kind: 'answer', question: 'How many doses of Sputnik V did Armenia receive first?' });
    expect(stored[0]?.answerText).toContain('15,000');
    expect(stored[0]?.citations[0]?.source).toBe('002_ea08fb494fe980f6');
  });

  it('a 👎 on a brief is stored as brief feedback', async () => {
    h = await startHarness();
    await h.command('', 'b');
    const brief = await h.api.waitFor(() => h?.api.responses.find((r) => r.method === '/response/b'));
    const down = buttons(brief.body.blocks).find((b) => b.action_id === 'feedback_down');
    await click(h, 'feedback_down', down?.value ?? '');
    await h.api.waitFor(() => h?.api.responses.find((r) => r.method === '/response/vote'));
    const stored = await h.app.storage.feedback.all();
    expect(stored[0]).toMatchObject({ vote: 'down', kind: 'brief' });
    expect(stored[0]?.answerText).toContain('Pashinyan meets Putin');
    expect(stored[0]?.citations.length).toBeGreaterThan(1);
  });

  it('a vote after a restart (a new app and adapter on the same database) is stored with the original citations', async () => {
    const db = tempDb();
    h = await startHarness({ app: await seededBot(['seeds'], { env: { BRIEFBOT_DB: db } }) });
    await h.mention('How many doses of Sputnik V did Armenia receive first?');
    const post = await h.api.waitFor(() => h?.api.callsTo('chat.postMessage')[0]);
    const up = buttons(post.body.blocks).find((b) => b.action_id === 'feedback_up');
    await h.close();

    h = await startHarness({ app: await seededBot([], { env: { BRIEFBOT_DB: db } }) });
    await click(h, 'feedback_up', up?.value ?? ''); // no message text in the payload: all of it comes from the database
    await h.api.waitFor(() => h?.api.responses.find((r) => r.method === '/response/vote'));
    const stored = await h.app.storage.feedback.all();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ platform: 'slack', vote: 'up', kind: 'answer', question: 'How many doses of Sputnik V did Armenia receive first?' });
    expect(stored[0]?.answerText).toContain('15,000');
    expect(stored[0]?.citations[0]?.source).toBe('002_ea08fb494fe980f6');
  });

  it('an unknown id (pruned, or from a version that kept them in memory) falls back to the message text', async () => {
    h = await startHarness();
    await click(h, 'feedback_up', 'a:forgotten', { message: { type: 'message', ts: '1.2', user: BOT_USER, text: 'Armenia got 15,000 doses &amp; more.' } });
    await h.api.waitFor(() => h?.api.responses.find((r) => r.method === '/response/vote'));
    expect((await h.app.storage.feedback.all())[0]).toMatchObject({ kind: 'answer', answerText: 'Armenia got 15,000 doses & more.', citations: [] });
  });

  it('a malformed action payload is logged and ignored', async () => {
    h = await startHarness();
    await h.mention('How many doses of Sputnik V did Armenia receive first?');
    const post = await h.api.waitFor(() => h?.api.callsTo('chat.postMessage')[0]);
    const value = buttons(post.body.blocks)[0]?.value ?? '';
    const res = await click(h, 'feedback_up', value, { user: { id: '' } });
    expect(res.status).toBe(200);
    await click(h, 'feedback_up', value);
    await h.api.waitFor(() => h?.api.responses.find((r) => r.method === '/response/vote'));
    expect(h.api.responses).toHaveLength(1); // the malformed click got no reply
    expect(await h.app.storage.feedback.all()).toHaveLength(1);
    expect((await h.app.storage.feedback.all())[0]?.userId).toBe('U0042');
  });
});
