import { afterEach, describe, expect, it } from 'vitest';
import type { Brief, Story } from '../../../src/domain.js';
import { blockText, type Harness, startHarness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function story(i: number): Story {
  const cite = (n: number) => ({ documentId: `d${i}-${n}`, source: `Outlet ${n}`, title: `Title ${i}`, url: `https://example.com/${i}/${n}`, quote: `Quote ${i}.${n} ${'x'.repeat(300)}` });
  const points = Array.from({ length: 6 }, (_, k) => ({ text: `Point ${i}.${k} ${'word '.repeat(60)}`, citations: [cite(1), cite(2)] }));
  return { id: `s${i}`, headline: `Story ${i}`, documents: [1, 2].map((n) => ({ documentId: `d${i}-${n}`, source: `Outlet ${n}`, title: `Title ${i}` })), keyPoints: points, agreement: points, differences: [], timespan: {} };
}

/** The current UTC time as HH:MM: a digest due now covers the seeds, stored when the harness started. */
const thisMinute = () => new Date().toISOString().slice(11, 16);

describe('digest delivery: adapter.post({ channelId }, brief)', () => {
  it('posts the seeds brief to the channel via chat.postMessage', async () => {
    h = await startHarness();
    await h.adapter.post({ channelId: 'C0DIGEST' }, await h.bot.brief({}));
    const posts = h.api.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body).toMatchObject({ channel: 'C0DIGEST' });
    expect(posts[0]?.body.thread_ts).toBeUndefined();
    expect(blockText(posts[0]?.body.blocks)).toContain('Pashinyan meets Putin');
  });

  it('splits a long brief: first message in the channel, the rest in its thread, nothing lost', async () => {
    h = await startHarness();
    const brief: Brief = { generatedAt: new Date().toISOString(), request: {}, stories: Array.from({ length: 30 }, (_, i) => story(i + 1)), method: 'extractive', notes: [] };
    await h.adapter.post({ channelId: 'C0DIGEST' }, brief);
    const posts = h.api.callsTo('chat.postMessage');
    expect(posts.length).toBeGreaterThan(1);
    const firstTs = h.api.messages[0]?.ts;
    expect(posts[0]?.body.thread_ts).toBeUndefined();
    for (const p of posts.slice(1)) expect(p.body.thread_ts).toBe(firstTs);
    const all = posts.map((p) => blockText(p.body.blocks)).join('\n');
    for (let i = 1; i <= 30; i++) expect(all).toContain(`*Story ${i}*`);
    expect(all.match(/• Point/g)).toHaveLength(180);
    for (const p of posts) expect((p.body.blocks as unknown[]).length).toBeLessThanOrEqual(50);
  });

  it('a digest whose third message is refused goes on from it on the next try, in the same thread (it was re-posted from the first)', async () => {
    h = await startHarness();
    const brief: Brief = { generatedAt: new Date().toISOString(), request: {}, stories: Array.from({ length: 30 }, (_, i) => story(i + 1)), method: 'extractive', notes: [] };
    h.api.failNext('chat.postMessage', 'channel_is_archived', 1, 2); // messages 1 and 2 accepted, the third refused
    const accepted: string[] = [];
    await expect(h.adapter.post({ channelId: 'C0DIGEST' }, brief, accepted)).rejects.toThrow(/channel_is_archived/);
    expect(accepted).toHaveLength(2);
    const ids = await h.adapter.post({ channelId: 'C0DIGEST' }, brief, accepted);
    const posts = h.api.callsTo('chat.postMessage');
    expect(ids).toEqual(posts.map((p) => h!.api.messages.find((m) => m.text === p.body.text && m.thread_ts === p.body.thread_ts)?.ts));
    const all = posts.map((p) => blockText(p.body.blocks)).join('\n');
    for (let i = 1; i <= 30; i++) expect(all.split(`*Story ${i}*`)).toHaveLength(2); // each story once
    for (const p of posts.slice(1)) expect(p.body.thread_ts).toBe(ids[0]);
  });

  it('a 429 on the digest post is retried after Retry-After and the message is delivered once', async () => {
    h = await startHarness({ hooks: { clientOptions: { retryConfig: { retries: 1, factor: 1, minTimeout: 0, maxTimeout: 10 } } } });
    // Retry-After: 0 takes the client's same rate-limit path (wait Retry-After, then retry) without a real
    // 1 s wait; that the wait is honoured is checked in mentions.int.test.ts.
    h.api.rateLimitNext(1, undefined, 0);
    await h.adapter.post({ channelId: 'C0DIGEST' }, await h.bot.brief({}));
    expect(h.api.calls.filter((c) => c.method === 'chat.postMessage').map((c) => c.status)).toEqual([429, 200]);
    expect(h.api.messages).toHaveLength(1);
  });

  // Slack answers some outages with HTTP 200 and ok:false; the Web API client throws them as platform errors
  it.each(['service_unavailable', 'internal_error', 'fatal_error', 'request_timeout', 'ratelimited'])(
    'a digest post answered {"ok":false,"error":"%s"} is retried and delivered once', async (error) => {
      h = await startHarness();
      await h.bot.digests.subscribe({ platform: 'slack', channelId: 'C0DIGEST' }, `${thisMinute()} UTC`, { id: 'U1', canManage: true, whoCan: '' });
      h.api.failNext('chat.postMessage', error);
      const runner = h.bot.digestRunner(() => h!.adapter, 'p1', { sleep: async () => undefined });
      const [result] = await runner.runDue(new Date());
      expect(result).toMatchObject({ status: 'delivered' });
      expect(h.api.calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(2);
      expect(h.api.messages).toHaveLength(1);
      expect((await h.bot.metrics()).text).toContain('briefbot_digest_deliveries_total{status="delivered"} 1');
    });

  it('a permanent platform error (channel_not_found) fails the digest without a retry', async () => {
    h = await startHarness();
    await h.bot.digests.subscribe({ platform: 'slack', channelId: 'C0GONE' }, `${thisMinute()} UTC`, { id: 'U1', canManage: true, whoCan: '' });
    h.api.failNext('chat.postMessage', 'channel_not_found', 5);
    const runner = h.bot.digestRunner(() => h!.adapter, 'p1', { sleep: async () => undefined });
    const [result] = await runner.runDue(new Date());
    expect(result).toMatchObject({ status: 'failed' });
    const [post, dm] = h.api.calls.filter((c) => c.method === 'chat.postMessage');
    expect(post?.body.channel).toBe('C0GONE');
    expect((await h.bot.metrics()).text).toContain('briefbot_digest_deliveries_total{status="failed"} 1');
    // paused, and the person who subscribed is told in a direct message (it failed silently every day after)
    expect(dm?.body).toMatchObject({ channel: 'U1', text: expect.stringMatching(/could not post the daily digest to channel C0GONE .*channel_not_found.*paused it/) });
    expect((await h.bot.digests.list({ platform: 'slack', channelId: 'C0GONE' }))[0]?.pausedReason).toMatch(/channel_not_found/);
  });
});
