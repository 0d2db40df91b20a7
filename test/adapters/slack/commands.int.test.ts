import { afterEach, describe, expect, it } from 'vitest';
import type { BriefBot } from '../../../src/app.js';
import { UserError } from '../../../src/errors.js';
import { APOLOGY } from '../../../adapters/slack/index.js';
import { parseBriefCommand } from '../../../adapters/slack/brief-command.js';
import { blockText, type Harness, seededBot, startHarness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const responsesTo = (hh: Harness, name: string) => hh.api.responses.filter((r) => r.method === `/response/${name}`);

describe('/brief', () => {
  it('acks at once, then sends the seeds brief as Block Kit: one story citing both outlets, ephemeral', async () => {
    h = await startHarness();
    const res = await h.command('', 'b1');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ response_type: 'ephemeral' });
    const reply = await h.api.waitFor(() => responsesTo(h as Harness, 'b1')[0]);
    const body = reply.body as { response_type: string; text: string; blocks: { type: string }[]; replace_original: boolean };
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toMatch(/News brief: 1 story/);
    const text = blockText(body.blocks);
    expect(text).toContain('Pashinyan meets Putin');
    expect(text).toContain('OC Media');
    expect(text).toContain('002_ea08fb494fe980f6');
    expect(text).toMatch(/\[1\].*\[2\]/s);
    expect(text).toContain('Extractive summary');
    expect(text).not.toContain('Become an OC Media Member');
    expect(body.blocks.filter((b) => b.type === 'divider')).toHaveLength(1); // one story
    const actions = body.blocks.find((b) => b.type === 'actions') as unknown as { elements: { action_id: string; value: string }[] };
    expect(actions.elements.map((e) => e.action_id)).toEqual(['feedback_up', 'feedback_down']);
  });

  it('`/brief public <topic>` posts in_channel and passes the topic to the core', async () => {
    const base = await seededBot();
    const topics: (string | undefined)[] = [];
    const spy: BriefBot = { ...base.bot, brief: (r) => (topics.push(r?.topic), base.bot.brief(r)) };
    h = await startHarness({ app: base, adapterBot: spy });
    const ack = (await (await h.command('public vaccines', 'p1')).json()) as { text: string };
    expect(ack.text).toContain('vaccines');
    const reply = await h.api.waitFor(() => responsesTo(h as Harness, 'p1')[0]);
    expect(reply.body).toMatchObject({ response_type: 'in_channel' });
    expect(topics).toEqual(['vaccines']);
  });

  it('`/brief help` answers with usage in the ack itself', async () => {
    h = await startHarness();
    const ack = (await (await h.command('help')).json()) as { response_type: string; text: string };
    expect(ack.response_type).toBe('ephemeral');
    expect(ack.text).toContain('/brief public');
    expect(ack.text).toContain('@briefbot');
    expect(h.api.responses).toHaveLength(0);
  });

  it('acks within 3 s even when the core has not finished; the brief arrives later via response_url', async () => {
    const base = await seededBot();
    // The core's brief waits until the test releases it, however long that takes (no real sleep).
    let release!: () => void;
    const released = new Promise<void>((res) => (release = res));
    const slow: BriefBot = { ...base.bot, brief: async (r) => (await released, base.bot.brief(r)) };
    h = await startHarness({ app: base, adapterBot: slow });
    const started = Date.now();
    const res = await h.command('', 'slow');
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1000);
    // Acked while the core is still held back: nothing sent yet.
    expect(h.api.responses).toHaveLength(0);
    release();
    const reply = await h.api.waitFor(() => responsesTo(h as Harness, 'slow')[0]);
    expect(blockText(reply.body.blocks)).toContain('Pashinyan meets Putin');
  });

  it('a core failure gives a short ephemeral apology; a UserError its own message; the app keeps serving', async () => {
    const base = await seededBot();
    let fail: Error = new Error('database is locked');
    const broken: BriefBot = { ...base.bot, brief: async () => { throw fail; } };
    h = await startHarness({ app: base, adapterBot: broken });
    await h.command('x', 'e1');
    const r1 = await h.api.waitFor(() => responsesTo(h as Harness, 'e1')[0]);
    expect(r1.body).toMatchObject({ response_type: 'ephemeral', text: APOLOGY });
    expect(JSON.stringify(r1.body)).not.toContain('database is locked');
    fail = new UserError('BAD_ARGUMENT', 'That topic is too long.');
    await h.command('y', 'e2');
    const r2 = await h.api.waitFor(() => responsesTo(h as Harness, 'e2')[0]);
    expect(r2.body).toMatchObject({ response_type: 'ephemeral', text: 'That topic is too long.' });
  });

  it('a malformed command payload is ignored (acked, nothing sent)', async () => {
    h = await startHarness();
    const res = await h.send(new URLSearchParams({ command: '/brief', text: 'x', team_id: 'T0001' }).toString(), 'application/x-www-form-urlencoded');
    expect(res.status).toBe(200);
    expect(h.api.responses).toHaveLength(0);
  });
});

describe('parseBriefCommand', () => {
  it('reads visibility, sub-commands from the table, and topics', () => {
    expect(parseBriefCommand('')).toEqual({ visibility: 'ephemeral', args: '' });
    expect(parseBriefCommand('  Armenia  vaccines ')).toEqual({ visibility: 'ephemeral', args: 'Armenia vaccines' });
    expect(parseBriefCommand('public')).toEqual({ visibility: 'in_channel', args: '' });
    expect(parseBriefCommand('PUBLIC prisoners of war')).toEqual({ visibility: 'in_channel', args: 'prisoners of war' });
    expect(parseBriefCommand('Help')).toEqual({ visibility: 'ephemeral', sub: 'help', args: '' });
    expect(parseBriefCommand('constructor')).toEqual({ visibility: 'ephemeral', args: 'constructor' });
  });

  it('echoes a huge topic bounded and without bidi overrides, then says plainly that a topic is a few words', async () => {
    h = await startHarness();
    const topic = `\u202Egnitset ${'vaccines '.repeat(120_000)}`;
    const res = await h.command(topic, 'huge');
    const raw = await res.text();
    expect(raw.length).toBeLessThan(400);
    const ack = JSON.parse(raw) as { text: string };
    expect(ack.text).not.toMatch(/[\u202A-\u202E]/);
    expect(ack.text).toContain('gnitset vaccines');
    const reply = await h.api.waitFor(() => responsesTo(h as Harness, 'huge')[0]);
    expect((reply.body as { text: string }).text).toMatch(/A topic is a few words \(at most 200 characters\)/);
  });

  it('retries a brief\'s response_url post that failed with a 500, and delivers it once', async () => {
    h = await startHarness({ hooks: { respondRetryDelaysMs: [10, 20, 40] } });
    h.api.failResponses(2, 500);
    await h.command('', 'flaky');
    const delivered = await h.api.waitFor(() => h!.api.responses.find((r) => r.method === '/response/flaky' && r.status === 200));
    expect(blockText((delivered.body as { blocks: unknown }).blocks)).toContain('Pashinyan');
    expect(h.api.responses.filter((r) => r.method === '/response/flaky').map((r) => r.status)).toEqual([500, 500, 200]);
  });

  it('gives up on a response_url after its retries, logging, without crashing or posting twice', async () => {
    h = await startHarness({ hooks: { respondRetryDelaysMs: [10, 10] } });
    h.api.failResponses(100, 503);
    await h.command('', 'down');
    await h.api.waitFor(() => h!.api.responses.filter((r) => r.method === '/response/down').length >= 3 || undefined);
    await new Promise((r) => setTimeout(r, 100));
    // the brief (3 tries), then the error reply (3 tries): nothing more
    expect(h.api.responses.filter((r) => r.method === '/response/down').map((r) => r.status)).toEqual([503, 503, 503, 503, 503, 503]);
  });
});

describe('/brief and questions: cooldowns', () => {
  it('a person past USER_REQUESTS_PER_MINUTE is told when to try again, in the acknowledgement; others are served', async () => {
    h = await startHarness({ app: await seededBot(['seeds'], { env: { USER_REQUESTS_PER_MINUTE: '2' } }) });
    for (const name of ['c1', 'c2']) expect((await (await h.command('', name)).json()) as { text: string }).toMatchObject({ text: expect.stringMatching(/^Working on a brief/) });
    const third = (await (await h.command('', 'c3')).json()) as { response_type: string; text: string };
    expect(third).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/^You are asking faster than I can keep up: try again in \d+ s\.$/) });
    const other = (await (await h.command('', 'c4', 'U0002')).json()) as { text: string };
    expect(other.text).toMatch(/^Working on a brief/);
    // a question from the same person is held back too, ephemerally
    await h.mention('Who met whom?');
    const eph = await h.api.waitFor(() => h?.api.callsTo('chat.postEphemeral')[0]);
    expect(eph.body.text).toMatch(/asking faster than I can keep up/);
    await h.api.waitFor(() => responsesTo(h as Harness, 'c4')[0]);
    expect(responsesTo(h, 'c3')).toEqual([]);
  });
});
