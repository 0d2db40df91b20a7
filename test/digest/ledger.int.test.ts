import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BriefBot } from '../../src/app.js';
import type { Brief } from '../../src/domain.js';
import { testApp, type TestApp } from '../helpers/bot.js';
import { outlet } from '../helpers/outlet.js';
import type { OutletFor } from '../../src/digest/runner.js';
import { describeSubscription } from '../../src/digest/service.js';

const dirs: string[] = [];
const bots: BriefBot[] = [];
const ledgers = new Map<BriefBot, TestApp['storage']['ledger']>();
const documentsOf = new Map<BriefBot, TestApp['storage']['documents']>();
afterEach(async () => {
  for (const b of bots.splice(0)) await b.close();
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'briefbot-ledger-'));
  dirs.push(d);
  return d;
}

let clock = new Date('2026-06-01T07:00:00Z');
async function bot(db = ':memory:', env: Record<string, string> = {}): Promise<BriefBot> {
  const app = await testApp({ env: { BRIEFBOT_DB: db, ...env }, seeds: [], now: () => clock });
  bots.push(app.bot);
  ledgers.set(app.bot, app.storage.ledger);
  documentsOf.set(app.bot, app.storage.documents);
  return app.bot;
}

const manager = { id: 'U1', canManage: true, whoCan: 'test' };

/** A seeded bot (documents ingested at 07:00 UTC) with 08:00 UTC digests for the given Slack channels. */
async function subscribedBot(channels: string[], db = ':memory:'): Promise<BriefBot> {
  const b = await bot(db);
  clock = new Date('2026-06-01T07:00:00Z');
  await b.ingest(['seeds']);
  for (const c of channels) await b.digests.subscribe({ platform: 'slack', channelId: c }, '08:00 UTC', manager);
  return b;
}
const ledger = (b: BriefBot) => ledgers.get(b)!;

describe('digest delivery ledger', () => {
  it('delivers once per channel per local day, however often the clock ticks', async () => {
    const b = await subscribedBot(['C1']);
    const sent: string[] = [];
    const runner = b.digestRunner(outlet(async (channelId) => void sent.push(channelId)), 'p1');
    expect(await runner.runDue(new Date('2026-06-01T07:59:00Z'))).toEqual([]);
    expect(await runner.runDue(new Date('2026-06-01T08:00:00Z'))).toMatchObject([{ status: 'delivered', localDate: '2026-06-01' }]);
    expect(await runner.runDue(new Date('2026-06-01T08:01:00Z'))).toEqual([]);
    expect(await runner.runDue(new Date('2026-06-01T09:30:00Z'))).toEqual([]);
    expect(sent).toEqual(['C1']);
  });

  it('catches up after downtime on the same local day, but not the next day', async () => {
    const b = await subscribedBot(['C1']);
    const sent: string[] = [];
    // the process was down at 08:00 and comes back at 11:15: the digest goes out then
    expect(await b.digestRunner(outlet(async (channelId) => void sent.push(channelId)), 'p1').runDue(new Date('2026-06-01T11:15:00Z')))
      .toMatchObject([{ status: 'delivered' }]);
    const other = await subscribedBot(['C2']);
    // down all day, back after midnight: yesterday's digest is not sent late
    expect(await other.digestRunner(outlet(async (channelId) => void sent.push(channelId)), 'p2').runDue(new Date('2026-06-02T00:30:00Z'))).toEqual([]);
    expect(sent).toEqual(['C1']);
  });

  it('a crash before sending loses nothing: the claim is taken over after its lease', async () => {
    const b = await subscribedBot(['C1']);
    const sub = (await b.digests.list({ platform: 'slack', channelId: 'C1' }))[0]!;
    // the crashed process claimed the digest and died before composing or sending it
    expect(await ledger(b).claim(sub.id, '2026-06-01', 'crashed', new Date('2026-06-01T08:00:00Z'), 120_000)).toBe(true);
    const sent: string[] = [];
    const restarted = b.digestRunner(outlet(async (channelId) => void sent.push(channelId)), 'restarted');
    expect(await restarted.runDue(new Date('2026-06-01T08:01:00Z'))).toEqual([]); // lease still running
    expect(await restarted.runDue(new Date('2026-06-01T08:03:00Z'))).toMatchObject([{ status: 'delivered' }]);
    expect(sent).toEqual(['C1']);
  });

  it('a process whose claim ran out while it composed does not send: the one that took the claim over does', async () => {
    const b = await subscribedBot(['C1']);
    const sent: string[] = [];
    const post = outlet(async (channelId) => void sent.push(channelId));
    const other = b.digestRunner(post, 'other');
    let otherRun: Promise<unknown> | undefined;
    // composing (here the model's rewrite) outlasts the 2-minute lease: meanwhile another process takes the claim
    const slow = b.digestRunner(post, 'slow', {
      rewrite: async (brief) => {
        otherRun = other.runDue(new Date('2026-06-01T08:03:00Z'));
        await otherRun;
        return brief;
      },
    });
    expect(await slow.runDue(new Date('2026-06-01T08:00:00Z'))).toMatchObject([{ status: 'released' }]);
    expect(await otherRun).toMatchObject([{ status: 'delivered' }]);
    expect(sent).toEqual(['C1']); // it went out once (it went out twice before setStatus said the claim was lost)
    expect((await ledger(b).delivery(1, '2026-06-01'))).toMatchObject({ status: 'delivered', claimedBy: 'other' });
  });

  it('a crash while sending is never re-sent: the delivery is marked uncertain', async () => {
    const b = await subscribedBot(['C1']);
    // the platform accepted the message, then the process died before recording it
    let startSend!: () => void;
    const sendStarted = new Promise<void>((r) => (startSend = r));
    const dying = b.digestRunner(outlet(() => (startSend(), new Promise<void>(() => {}))), 'dying');
    // the dead process's run: when its send times out (2 minutes on) the store is closed, which is no one's concern
    dying.runDue(new Date('2026-06-01T08:00:00Z')).catch(() => {});
    await sendStarted; // the send has begun (rather than a fixed 20 ms sleep)
    const sent: string[] = [];
    const restarted = b.digestRunner(outlet(async (channelId) => void sent.push(channelId)), 'restarted');
    expect(await restarted.runDue(new Date('2026-06-01T08:05:00Z'))).toEqual([]);
    expect(await restarted.runDue(new Date('2026-06-01T09:00:00Z'))).toEqual([]);
    expect(sent).toEqual([]);
    expect((await ledger(b).delivery(1, '2026-06-01'))?.status).toBe('uncertain');
  });

  it('retries transient platform errors, records permanent ones, and still delivers the other channels', async () => {
    const b = await subscribedBot(['C-flaky', 'C-deleted', 'C-ok']);
    let flaky = 0;
    const sent: string[] = [];
    // the outlet (the platform's adapter) says which errors are worth a retry
    const deliver = outlet(async (channelId) => {
      if (channelId === 'C-flaky' && flaky++ < 2) throw Object.assign(new Error('rate limited'), { status: 429 });
      if (channelId === 'C-deleted') throw Object.assign(new Error('An API error occurred: channel_not_found'), { code: 'slack_webapi_platform_error' });
      sent.push(channelId);
    }, (e) => (e as { status?: number }).status === 429);
    const waits: number[] = [];
    const sleep = async (ms: number) => void waits.push(ms);
    const results = await b.digestRunner(deliver, 'p1', { sleep }).runDue(new Date('2026-06-01T08:00:00Z'));
    expect(waits).toEqual([1000, 2000]); // exponential backoff
    expect(results.map((r) => [r.status, r.error ?? ''])).toEqual([
      ['delivered', ''],
      ['failed', 'An API error occurred: channel_not_found'],
      ['delivered', ''],
    ]);
    expect(sent).toEqual(['C-flaky', 'C-ok']);
  });

  it('at shutdown hands back a digest waiting to retry, and the next process delivers it (it was lost as "sending")', async () => {
    const b = await subscribedBot(['C1', 'C2']);
    const sent: string[] = [];
    const failing = outlet(async () => {
      throw Object.assign(new Error('service_unavailable'), { status: 503 });
    }, () => true);
    let waiting: () => void = () => {};
    const waited = new Promise<void>((r) => (waiting = r));
    const runner = b.digestRunner(failing, 'p1', { sleep: () => (waiting(), new Promise(() => {})) }); // a wait that never ends by itself
    const run = runner.runDue(new Date('2026-06-01T08:00:00Z'));
    await waited;
    runner.stop();
    expect(await run).toMatchObject([{ status: 'released', localDate: '2026-06-01' }]); // C2 was not claimed
    expect((await ledger(b).delivery(1, '2026-06-01'))?.status).toBe('claimed');
    // the next process, a minute later: both go out, C1 at once (no lease to wait for)
    const next = await b.digestRunner(outlet(async (channelId) => void sent.push(channelId)), 'p2').runDue(new Date('2026-06-01T08:01:00Z'));
    expect(next.map((r) => r.status)).toEqual(['delivered', 'delivered']);
    expect(sent).toEqual(['C1', 'C2']);
  });

  it('a retry goes on after the messages the platform accepted (it re-posted the digest from its first message)', async () => {
    const b = await subscribedBot(['C1']);
    const sent: string[] = [];
    let tries = 0;
    const deliver = outlet(async (_channel, _brief, accepted) => {
      tries++;
      for (const id of ['m1', 'm2', 'm3'].slice(accepted.length)) {
        if (tries === 1 && id === 'm2') throw Object.assign(new Error('service_unavailable'), { status: 503 });
        sent.push(id);
        accepted.push(id);
      }
    }, () => true);
    const [result] = await b.digestRunner(deliver, 'p1', { sleep: async () => {} }).runDue(new Date('2026-06-01T08:00:00Z'));
    expect(result?.status).toBe('delivered');
    expect(sent).toEqual(['m1', 'm2', 'm3']);
  });

  it('pauses a subscription after a permanent failure, tells whoever subscribed it, and resumes when subscribed again', async () => {
    const b = await subscribedBot(['C-gone']);
    const told: [string, string][] = [];
    const gone: OutletFor = () => ({
      post: async () => {
        throw new Error('An API error occurred: channel_not_found');
      },
      isTransient: () => false,
      tell: async (userId, text) => void told.push([userId, text]),
    });
    expect(await b.digestRunner(gone, 'p1').runDue(new Date('2026-06-01T08:00:00Z'))).toMatchObject([{ status: 'failed' }]);
    expect(told).toEqual([['U1', expect.stringMatching(/channel C-gone .*channel_not_found.*paused it/)]]);
    const [sub] = await b.digests.list({ platform: 'slack', channelId: 'C-gone' });
    expect(sub?.pausedReason).toBe('An API error occurred: channel_not_found');
    expect(describeSubscription(sub!)).toMatch(/\(paused: I could not post here, .*channel_not_found; subscribe again to resume\)$/);
    // the next day nothing is tried, and nobody is told again
    expect(await b.digestRunner(gone, 'p1').runDue(new Date('2026-06-02T08:00:00Z'))).toEqual([]);
    expect(told).toHaveLength(1);
    // subscribed again: its digest is run again (skipped here: nothing new came in since)
    await b.digests.subscribe({ platform: 'slack', channelId: 'C-gone' }, '08:00 UTC', manager);
    expect((await b.digests.list({ platform: 'slack', channelId: 'C-gone' }))[0]?.pausedReason).toBeUndefined();
    expect(await b.digestRunner(gone, 'p1').runDue(new Date('2026-06-03T08:00:00Z'))).toMatchObject([{ status: 'skipped' }]);
  });

  it('gives up a delivery that hangs as uncertain (never re-sent) and goes on with the other channels', async () => {
    const b = await subscribedBot(['C-hung', 'C-ok']);
    const sent: string[] = [];
    const deliver = outlet((channelId) => (channelId === 'C-hung' ? new Promise(() => {}) : Promise.resolve(void sent.push(channelId))), () => true);
    const results = await b.digestRunner(deliver, 'p1', { postTimeoutMs: 50 }).runDue(new Date('2026-06-01T08:00:00Z'));
    expect(results.map((r) => r.status)).toEqual(['failed', 'delivered']);
    expect(results[0]?.error).toMatch(/no answer from the platform within 0 s/);
    expect((await ledger(b).delivery(1, '2026-06-01'))?.status).toBe('uncertain');
    expect(sent).toEqual(['C-ok']);
  });

  it('skips a day with nothing new by default, and says so when the subscription asks', async () => {
    const b = await bot();
    clock = new Date('2026-06-01T07:00:00Z');
    await b.digests.subscribe({ platform: 'slack', channelId: 'C1' }, '08:00', manager);
    const briefs: Brief[] = [];
    const results = await b.digestRunner(outlet(async (_c, brief) => void briefs.push(brief)), 'p1').runDue(new Date('2026-06-01T08:00:00Z'));
    expect(results).toMatchObject([{ status: 'skipped' }]);
    expect(briefs).toEqual([]);
  });

  it('says plainly on a quiet day that no story is covered by several outlets', async () => {
    const b = await bot();
    clock = new Date('2026-06-01T07:00:00Z');
    await documentsOf.get(b)!.add([{ source: 'Wire', title: 'Harbour reopens', titleOrigin: 'metadata', lang: 'en', text: 'The harbour reopened on Tuesday after two months of repairs. Ferries resumed their usual timetable.' }]);
    await b.digests.subscribe({ platform: 'slack', channelId: 'C1' }, '08:00', manager);
    const briefs: Brief[] = [];
    await b.digestRunner(outlet(async (_c, brief) => void briefs.push(brief)), 'p1').runDue(new Date('2026-06-01T08:00:00Z'));
    expect(briefs[0]!.notes[0]).toBe('No story covered by several outlets today; 1 single-source item: Harbour reopens.');
  });

  it('two bot processes sharing one database deliver each digest exactly once', async () => {
    const dir = tempDir();
    const db = join(dir, 'shared.db');
    const log = join(dir, 'deliveries.log');
    const channels = Array.from({ length: 12 }, (_, i) => `C${i}`);
    await subscribedBot(channels, db);
    const run = (owner: string) => new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/digest/ledger-worker.ts', db, log, owner, '2026-06-01T08:00:30Z'], { stdio: 'inherit' });
      child.on('exit', resolve);
    });
    expect(await Promise.all([run('A'), run('B')])).toEqual([0, 0]);
    expect(existsSync(log)).toBe(true);
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    expect(lines.map((l) => l.split(' ')[0]).sort()).toEqual([...channels].sort());
  }, 30_000);
});
