import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BriefBot } from '../../../src/app.js';
import type { ThreadTurn } from '../../../src/domain.js';
import { APOLOGY } from '../../../adapters/slack/index.js';
import { BOT_USER, blockText, CHANNEL, type Harness, seededBot, startHarness, USER } from './harness.js';

let h: Harness | undefined;
const cleanups: (() => void)[] = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  cleanups.splice(0).forEach((f) => f());
});

const posts = (hh: Harness) => hh.api.callsTo('chat.postMessage');
const SPUTNIK = 'How many doses of Sputnik V did Armenia receive first?';

/** A bot that records the thread context each answer() call receives. */
function spyingBot(base: BriefBot, seen: (readonly ThreadTurn[] | undefined)[]): BriefBot {
  return { ...base, answer: (q, context) => (seen.push(context?.thread), base.answer(q, context)) };
}

describe('@briefbot questions', () => {
  it('answers in a thread under the question, with the quote and its source', async () => {
    h = await startHarness();
    const { res, ts } = await h.mention(SPUTNIK);
    expect(res.status).toBe(200);
    const post = await h.api.waitFor(() => posts(h as Harness)[0]);
    expect(post.body).toMatchObject({ channel: CHANNEL, thread_ts: ts, unfurl_links: 'false' });
    expect(post.headers.authorization).toBe('Bearer xoxb-fake');
    expect(String(post.body.text)).toContain('15,000');
    const text = blockText(post.body.blocks);
    expect(text).toContain('*15,000 doses*');
    expect(text).toMatch(/> “He also announced that Armenia will receive on Thursday the first 15,000 doses/);
    expect(text).toContain('002_ea08fb494fe980f6');
    expect(JSON.stringify(post.body.blocks)).toContain('feedback_up');
  });

  it('says plainly when nothing answers the question', async () => {
    h = await startHarness();
    await h.mention('What is the population of Brazil?');
    const post = await h.api.waitFor(() => posts(h as Harness)[0]);
    const text = blockText(post.body.blocks);
    expect(text).toContain("I couldn't find an answer to that in my sources.");
    expect(text).not.toMatch(/\[1\]/);
  });

  it('a follow-up in the thread gets the earlier question and answer from conversations.replies', async () => {
    const base = await seededBot();
    const seen: (readonly ThreadTurn[] | undefined)[] = [];
    h = await startHarness({ app: base, adapterBot: spyingBot(base.bot, seen) });
    const first = await h.mention(SPUTNIK);
    await h.api.waitFor(() => posts(h as Harness)[0]);
    // Chatter from a person without a mention is not a question.
    h.api.addMessage({ channel: CHANNEL, ts: h.api.nextTs(), text: 'nice', user: 'U0002', thread_ts: first.ts });
    await h.mention('And when did it arrive?', { thread_ts: first.ts });
    const second = await h.api.waitFor(() => posts(h as Harness)[1]);
    expect(second.body.thread_ts).toBe(first.ts);
    const replies = h.api.callsTo('conversations.replies');
    expect(replies).toHaveLength(1);
    expect(replies[0]?.body).toMatchObject({ channel: CHANNEL, ts: first.ts });
    expect(seen[0]).toEqual([]);
    expect(seen[1]).toHaveLength(1);
    expect(seen[1]?.[0]?.question).toBe(SPUTNIK);
    expect(seen[1]?.[0]?.answer).toContain('first 15,000 doses');
  });

  it('answers direct messages in the conversation itself, and ignores bot messages and non-DM message events', async () => {
    const base = await seededBot();
    const seen: (readonly ThreadTurn[] | undefined)[] = [];
    h = await startHarness({ app: base, adapterBot: spyingBot(base.bot, seen) });
    const dm = { type: 'message', channel_type: 'im', channel: 'D0001', user: USER, text: SPUTNIK };
    await h.event({ ...dm, bot_id: 'BOTHER', ts: h.api.nextTs() });
    await h.event({ ...dm, subtype: 'bot_message', ts: h.api.nextTs() });
    await h.event({ ...dm, user: BOT_USER, ts: h.api.nextTs() });
    await h.event({ ...dm, channel_type: 'channel', channel: CHANNEL, ts: h.api.nextTs() });
    const ts = h.api.nextTs();
    await h.event({ ...dm, ts });
    const post = await h.api.waitFor(() => posts(h as Harness)[0]);
    expect(post.body).toMatchObject({ channel: 'D0001' });
    expect(post.body.thread_ts).toBeUndefined(); // in the conversation itself, not a thread under the question
    expect(String(post.body.text)).toContain('15,000');
    // No sleep needed: each event was acked before the next was sent, and the handler decides (ignore, or
    // claim and call answer()) before its first await, so by now every earlier event has been decided.
    expect(seen).toHaveLength(1);
    expect(posts(h)).toHaveLength(1);
  });

  it('@channel/@here broadcasts without a direct mention never trigger an answer', async () => {
    const seen: (readonly ThreadTurn[] | undefined)[] = [];
    const app = await seededBot();
    h = await startHarness({ app, adapterBot: spyingBot(app.bot, seen) });
    const base = { type: 'app_mention', user: USER, channel: CHANNEL };
    await h.event({ ...base, text: '<!channel> what about the vaccines?', ts: h.api.nextTs() });
    await h.event({ ...base, type: 'message', channel_type: 'im', channel: 'D0001', text: '<!here|here> news?', ts: h.api.nextTs() });
    const ts = h.api.nextTs();
    await h.event({ ...base, text: `<!here> <@${BOT_USER}> ${SPUTNIK}`, ts });
    const post = await h.api.waitFor(() => posts(h as Harness)[0]);
    expect(post.body.thread_ts).toBe(ts);
    expect(seen).toHaveLength(1); // the broadcasts, sent first, were decided before this one (see above)
    expect(posts(h)).toHaveLength(1);
  });

  it('a retried event (same event_id, X-Slack-Retry-Num: 1) is answered once', async () => {
    const base = await seededBot();
    const seen: (readonly ThreadTurn[] | undefined)[] = [];
    h = await startHarness({ app: base, adapterBot: spyingBot(base.bot, seen) });
    const ts = h.api.nextTs();
    const event = { type: 'app_mention', user: USER, text: `<@${BOT_USER}> ${SPUTNIK}`, ts, channel: CHANNEL, event_ts: ts };
    const first = await h.event(event, { eventId: 'EvSAME' });
    const retry = await h.event(event, { eventId: 'EvSAME', retryNum: 1 });
    expect(first.res.status).toBe(200);
    expect(retry.res.status).toBe(200);
    // Same message delivered again under another event id (e.g. app_mention + message.im): still once.
    await h.event({ ...event, type: 'message', channel_type: 'im' }, { eventId: 'EvOTHER' });
    await h.api.waitFor(() => posts(h as Harness)[0]);
    // All three were acked, so each was claimed or dropped as a duplicate before the post: one answer() call.
    expect(seen).toHaveLength(1);
    expect(posts(h)).toHaveLength(1);
  });

  it('an event Slack delivers again after the bot restarted is not answered again (the record is in the database)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefbot-redeliver-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const env = { BRIEFBOT_DB: join(dir, 'bot.db') };
    h = await startHarness({ app: await seededBot(['seeds'], { env }) });
    const ts = h.api.nextTs();
    const event = { type: 'app_mention', user: USER, text: `<@${BOT_USER}> ${SPUTNIK}`, ts, channel: CHANNEL, event_ts: ts };
    await h.event(event, { eventId: 'EvBEFORE' });
    await h.api.waitFor(() => posts(h as Harness)[0]);
    await h.close();
    // the restarted bot: same database, a new process's memory (and a new fake API to count its posts)
    h = await startHarness({ app: await seededBot(['seeds'], { env }) });
    const again = await h.event(event, { eventId: 'EvBEFORE', retryNum: 1 });
    expect(again.res.status).toBe(200);
    h.api.nextTs(); // the new fake's clock starts over: step past the first message's ts
    const fresh = await h.mention('Who met whom?');
    await h.api.waitFor(() => posts(h as Harness)[0]);
    await new Promise((r) => setTimeout(r, 200));
    expect(posts(h).map((p) => p.body.thread_ts)).toEqual([fresh.ts]);
  });

  it('an answer refused with {"ok":false,"error":"service_unavailable"} is posted again, not replaced by an apology', async () => {
    h = await startHarness();
    h.api.failNext('chat.postMessage', 'service_unavailable');
    const q = await h.mention(SPUTNIK);
    const post = await h.api.waitFor(() => posts(h as Harness)[0], 6000);
    expect(post.body.thread_ts).toBe(q.ts);
    expect(blockText(post.body.blocks)).toContain('15,000');
    expect(h.api.callsTo('chat.postEphemeral')).toEqual([]);
  });

  it('counts failed Web API calls in /metrics by error: ok:false codes, rate limits, HTTP errors of response_url posts', async () => {
    h = await startHarness({ hooks: { clientOptions: { retryConfig: { retries: 0 } } } });
    h.api.failNext('chat.postMessage', 'channel_not_found');
    await h.mention(SPUTNIK);
    await h.api.waitFor(() => h?.api.callsTo('chat.postEphemeral')[0]); // the user is told
    h.api.failResponses(1, 500);
    await h.command('vaccines', 'r500');
    await h.api.waitFor(() => h?.api.responses.filter((r) => r.status === 200)[0], 8000); // retried after 1 s
    const text = (await h.bot.metrics()).text;
    expect(text).toMatch(/^briefbot_platform_errors_total\{platform="slack",error="channel_not_found"\} 1$/m);
    expect(text).toMatch(/^briefbot_platform_errors_total\{platform="slack",error="http_500"\} 1$/m);
  });

  it('a 429 from chat.postMessage is retried after Retry-After and the answer is not lost', async () => {
    h = await startHarness({ hooks: { clientOptions: { retryConfig: { retries: 2, factor: 1, minTimeout: 0, maxTimeout: 10 } } } });
    // A real 1 s wait, kept on purpose: honouring Retry-After is what this test checks, and Slack's client reads
    // the header as whole seconds, so 1 is the shortest wait it can be told to make.
    h.api.rateLimitNext(1, 'chat.postMessage');
    const started = Date.now();
    await h.mention(SPUTNIK);
    const post = await h.api.waitFor(() => posts(h as Harness)[0], 6000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(h.api.calls.filter((c) => c.method === 'chat.postMessage').map((c) => c.status)).toEqual([429, 200]);
    expect(String(post.body.text)).toContain('15,000');
  });

  it('a core failure is answered with an ephemeral apology in the thread and logged; the bot keeps answering', async () => {
    const base = await seededBot();
    let calls = 0;
    const flaky: BriefBot = { ...base.bot, answer: async (q, t) => (++calls === 1 ? Promise.reject(new Error('boom')) : base.bot.answer(q, t)) };
    h = await startHarness({ app: base, adapterBot: flaky });
    const { ts } = await h.mention(SPUTNIK);
    const eph = await h.api.waitFor(() => h?.api.callsTo('chat.postEphemeral')[0]);
    expect(eph.body).toMatchObject({ channel: CHANNEL, user: USER, thread_ts: ts, text: APOLOGY });
    await h.mention(SPUTNIK);
    await h.api.waitFor(() => posts(h as Harness)[0]);
  });

  it('an empty mention gets the usage message (a UserError) ephemerally', async () => {
    h = await startHarness();
    await h.mention('');
    const eph = await h.api.waitFor(() => h?.api.callsTo('chat.postEphemeral')[0]);
    expect(String(eph.body.text)).toContain('Your question is empty');
  });

  it('an article containing <!channel>, <!here> and <@U123> is rendered harmless', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefbot-slack-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(
      join(dir, 'pings.txt'),
      'Zorblat council meets.\n\nThe Zorblat council voted on the bridge budget <!channel> <!here> <!everyone> <@U123> and *bold* _claims_ & more.\n\nThe Zorblat bridge will open in May.\n',
    );
    h = await startHarness({ app: await seededBot([dir]) });
    await h.mention('What did the Zorblat council vote on?');
    const post = await h.api.waitFor(() => posts(h as Harness)[0]);
    const raw = JSON.stringify(post.body);
    expect(raw).toContain('Zorblat');
    for (const ping of ['<!channel>', '<!here>', '<!everyone>', '<@U123>']) expect(raw).not.toContain(ping);
    expect(raw).toMatch(/&lt;! ?channel&gt;/);
    expect(raw).toContain('&lt;@U123&gt;');
    expect(raw).toContain('&amp; more');

    await h.command('Zorblat', 'z');
    const brief = await h.api.waitFor(() => h?.api.responses.find((r) => r.method === '/response/z'));
    const briefRaw = JSON.stringify(brief.body);
    expect(briefRaw).toContain('Zorblat');
    expect(briefRaw).not.toMatch(/<!channel>|<!here>|<!everyone>|<@U123>/);
  });
});
