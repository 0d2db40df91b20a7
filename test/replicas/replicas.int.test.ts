// Scale-out: three bot processes on one PostgreSQL database deliver every digest once, while replicas are killed
// and started again during delivery. The clock is the test's (a file every replica reads at each tick).
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openPostgresTestStorage, PG_SKIP } from '../helpers/postgres.js';

const SUBSCRIPTIONS = 50;
const DAYS = ['2026-06-01', '2026-06-02'];
const WORKER = join(import.meta.dirname, 'replica-worker.ts');

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(PG_SKIP !== undefined)('replicas on one PostgreSQL database', () => {
  /**
   * `stop`: how a replica is taken down mid-run: 'SIGKILL' (a crash: a delivery caught inside its platform call is
   * recorded as uncertain and never re-sent) or 'SIGTERM' (a restart: claims are handed back).
   */
  async function run(stop: NodeJS.Signals) {
    const dir = mkdtempSync(join(tmpdir(), 'briefbot-replicas-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const clockFile = join(dir, 'clock');
    const log = join(dir, 'deliveries.log');
    let clock = new Date(`${DAYS[0]}T07:58:00Z`);
    const setClock = (d: Date) => {
      clock = d;
      writeFileSync(clockFile, d.toISOString());
    };
    setClock(clock);
    const storage = await openPostgresTestStorage(() => clock, 'replicas');
    cleanups.push(() => storage.close());
    for (let i = 0; i < SUBSCRIPTIONS; i++) {
      await storage.subscriptions.upsert({ platform: 'slack', channelId: `C${i}`, timeOfDay: '08:00', timezone: 'UTC', topic: '', weekdaysOnly: false, postWhenEmpty: true, origin: 'chat' }, clock);
    }

    let started = 0;
    const live = new Set<ChildProcess>();
    const booting = new Set<Promise<unknown>>();
    /** Starts a replica; it joins in when ready (a process start takes seconds on a busy machine: nothing waits for it). */
    const start = () => {
      const child = fork(WORKER, [storage.url, storage.schema, clockFile, log, `replica-${++started}`], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
      live.add(child);
      const ready = new Promise((resolve) => {
        child.once('message', resolve);
        child.once('exit', resolve);
      });
      booting.add(ready);
      void ready.finally(() => booting.delete(ready));
      child.once('exit', () => live.delete(child));
    };
    cleanups.push(() => live.forEach((c) => c.kill('SIGKILL')));
    start();
    start();
    start();

    /** Every subscription's delivery of `day` has ended (delivered, or uncertain after a crash inside a post). */
    const settled = async (day: string) => {
      for (const s of await storage.subscriptions.all()) {
        const status = (await storage.ledger.delivery(s.id, day))?.status;
        if (status !== 'delivered' && status !== 'uncertain') return false;
      }
      return true;
    };
    let stops = 0;
    for (const day of DAYS) {
      setClock(new Date(`${day}T08:00:00Z`));
      // a minute of the clock every 150 ms; a replica stopped and another started every 450 ms for the first 12
      // minutes; then, the clock still moving within the day, until every digest of the day has ended
      for (let tick = 1; tick <= 12 || !(await settled(day)); tick++) {
        await sleep(150);
        setClock(new Date(clock.getTime() + 60_000));
        if (tick % 3 === 0 && tick <= 12) {
          const victim = [...live][Math.floor(Math.random() * live.size)];
          victim?.kill(stop);
          stops++;
          start();
        }
        if (tick > 400) throw new Error(`the digests of ${day} did not all end within an hour of the clock`);
      }
    }
    await Promise.all(booting);
    // everyone stops as the bot stops; what was delivered, and how, is in the log and the ledger
    await Promise.all([...live].map((c) => new Promise((r) => { c.once('exit', r); c.kill('SIGTERM'); })));
    const lines = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean) : [];
    const posted = new Map<string, number>();
    for (const l of lines) {
      const [channel, date] = l.split(' ');
      posted.set(`${channel} ${date}`, (posted.get(`${channel} ${date}`) ?? 0) + 1);
    }
    const subs = await storage.subscriptions.all();
    const statuses = new Map<string, string | undefined>();
    for (const s of subs) for (const day of DAYS) statuses.set(`${s.channelId} ${day}`, (await storage.ledger.delivery(s.id, day))?.status);
    return { posted, statuses, stops, replicas: started };
  }

  it('delivers each digest exactly once a day, none missed, while replicas restart during delivery', async () => {
    const { posted, statuses, stops } = await run('SIGTERM');
    expect(stops).toBe(8);
    expect([...posted.values()].filter((n) => n > 1)).toEqual([]); // nothing twice
    expect(posted.size).toBe(SUBSCRIPTIONS * DAYS.length); // nothing missed
    expect(new Set(statuses.values())).toEqual(new Set(['delivered']));
  }, 240_000);

  it('crashed replicas (SIGKILL) lose nothing silently: each digest is delivered once, or recorded as uncertain when the crash hit its platform call', async () => {
    const { posted, statuses, stops } = await run('SIGKILL');
    expect(stops).toBe(8);
    expect([...posted.values()].filter((n) => n > 1)).toEqual([]); // nothing twice
    const uncertain = [...statuses].filter(([, s]) => s === 'uncertain').map(([k]) => k);
    for (const [key, status] of statuses) {
      // every digest of every day is accounted for: delivered and posted once, or uncertain (at most one per crash)
      if (status === 'delivered') expect(posted.get(key)).toBe(1);
      else expect(status, key).toBe('uncertain');
    }
    expect(uncertain.length).toBeLessThanOrEqual(stops);
  }, 240_000);
});
