// The feed scenario: a fresh bot follows N generated feeds of M items (bench/feeds.ts) served over HTTP on
// 127.0.0.1 by a child process (bench/feed-server.ts), and polls them all twice with bot.sources.pollAll():
// first everything is new (fetch, parse, build articles, store), then nothing is (every feed answers 304).
// Run by bench/run.ts via fork; prints JSON when run directly:
//   node --import tsx --expose-gc bench/feed-scenario.ts --feeds-count 500 --items 50
// The server is a child so that its CPU (serving ~36 MB of feeds) runs on the other core, not on the event loop
// being measured; its own CPU time is reported next to the bot's.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createApp } from '../src/app.js';
import { fetchPolicy, loadConfig } from '../src/config.js';
import { safeFetch, type FetchPolicy } from '../src/fetch/index.js';
import { createLogger } from '../src/log.js';
import type { PollReport } from '../src/sources/poll.js';
import { openSqliteStorage } from '../src/store/sqlite/index.js';
import type { ServerReady, ServerStats } from './feed-server.js';
import { feedResolve, FeedPlan } from './feeds.js';
import { argValue, gc, MemoryWatch, send, type FeedPoll, type FeedResult } from './stats.js';

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const feeds = Number(argValue(argv, 'feeds-count') ?? 500);
const items = Number(argValue(argv, 'items') ?? 50);
const seed = Number(argValue(argv, 'seed') ?? 42);
/** FEED_CONCURRENCY for the bot; unset means the configuration's default (8). */
const concurrency = argValue(argv, 'concurrency');
const SAMPLE_MS = 50;

const progress = (msg: string): void => void process.stderr.write(`[feeds] ${msg}\n`);

function fileBytes(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** The server child and a way to ask it for its request counts. */
interface FeedServerChild {
  ready: ServerReady;
  stats(): Promise<ServerStats>;
  close(): void;
}

function startServer(): Promise<FeedServerChild> {
  const child: ChildProcess = fork(join(here, 'feed-server.ts'), ['--feeds-count', String(feeds), '--items', String(items), '--seed', String(seed)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiters: ((s: ServerStats) => void)[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('the feed server did not start within 120 s'));
    }, 120_000);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the feed server exited (${signal ?? code}) before it was ready`));
    });
    child.on('message', (m: ServerReady | ServerStats) => {
      if (m.type === 'stats') {
        waiters.shift()?.(m);
        return;
      }
      clearTimeout(timer);
      resolve({
        ready: m,
        stats: () =>
          new Promise((r) => {
            waiters.push(r);
            child.send('stats');
          }),
        close: () => {
          if (child.connected) child.send('close');
          setTimeout(() => child.kill(), 2000).unref();
        },
      });
    });
  });
}

async function main(): Promise<void> {
  const began = performance.now();
  const watch = new MemoryWatch();
  const sampler = setInterval(() => watch.sample(), SAMPLE_MS);
  sampler.unref();
  const plan = new FeedPlan({ feeds, items, seed });
  progress(`building ${feeds} feeds × ${items} items in the server process…`);
  const server = await startServer();
  const { port } = server.ready;
  progress(`server on 127.0.0.1:${port}: ${server.ready.feeds} feeds on ${server.ready.hosts} hosts, ${(server.ready.bodyBytes / 1e6).toFixed(1)} MB (${(server.ready.gzipBytes / 1e6).toFixed(1)} MB gzipped), built in ${server.ready.generateSeconds.toFixed(1)} s`);
  await server.stats(); // zero the counters

  const dir = mkdtempSync(join(tmpdir(), 'briefbot-bench-feeds-'));
  const dbPath = join(dir, 'feeds.db');
  const config = loadConfig({ BRIEFBOT_DB: dbPath, FETCH_ALLOW_HOSTS: '127.0.0.1', ...(concurrency ? { FEED_CONCURRENCY: concurrency } : {}) } as NodeJS.ProcessEnv);
  // The real safe fetcher under the configured policy; only name resolution is the bench's (outlet hosts → 127.0.0.1).
  const policy: FetchPolicy = { ...fetchPolicy(config), resolve: feedResolve };
  const storage = openSqliteStorage(dbPath);
  const bot = await createApp({ config, logger: createLogger('silent'), storage, fetch: (url, conditional) => safeFetch(url, policy, conditional) });
  const failures: string[] = [];
  try {
    // Sources are added straight into storage (not by `sources add`, which fetches each one): adding is not measured.
    const now = new Date();
    for (const spec of plan.specs) await storage.sources.add({ url: plan.url(spec, port), origin: 'cli' }, now);

    const poll = async (label: string, expect: PollReport['status']): Promise<FeedPoll> => {
      gc();
      watch.sample();
      const loop = monitorEventLoopDelay({ resolution: 10 });
      loop.enable();
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const reports = await bot.sources.pollAll();
      const ms = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      loop.disable();
      watch.sample();
      const served = await server.stats();
      const by = (s: PollReport['status']): number => reports.filter((r) => r.status === s).length;
      const sum = (k: 'items' | 'new' | 'stored' | 'duplicates' | 'retryLater'): number => reports.reduce((a, r) => a + r[k], 0);
      for (const r of reports) {
        if (r.status === 'failed') failures.push(`${label}: ${r.url}: ${r.error ?? 'failed'}`);
        if (r.retryLater > 0) failures.push(`${label}: ${r.url}: ${r.retryLater} items to retry (a page fetch failed)`);
      }
      if (reports.length !== feeds) failures.push(`${label}: ${reports.length} reports for ${feeds} sources`);
      const unexpected = reports.filter((r) => r.status !== expect && r.status !== 'failed').length;
      if (unexpected > 0) failures.push(`${label}: ${unexpected} feeds ${expect === 'ok' ? 'not read' : 'read again instead of answering 304'}`);
      for (const u of served.unknown) failures.push(`${label}: the server was asked for ${u}, which it does not serve`);
      const stored = sum('stored');
      const seconds = ms / 1000;
      const figures: FeedPoll = {
        seconds,
        ok: by('ok'),
        notModified: by('not_modified'),
        failed: by('failed'),
        items: sum('items'),
        newItems: sum('new'),
        stored,
        duplicates: sum('duplicates'),
        retryLater: sum('retryLater'),
        itemsPerSec: stored / seconds,
        feedsPerSec: reports.length / seconds,
        cpuSeconds: (cpu.user + cpu.system) / 1e6,
        serverCpuSeconds: served.cpuSeconds,
        loopDelay: { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 },
        requests: served.status,
        bytesSent: served.bytesSent,
      };
      progress(`${label}: ${seconds.toFixed(2)} s, ${figures.ok} read, ${figures.notModified} not modified, ${figures.failed} failed, ${stored} stored (${Math.round(figures.itemsPerSec)} items/s), bot CPU ${figures.cpuSeconds.toFixed(1)} s, server CPU ${figures.serverCpuSeconds.toFixed(1)} s`);
      return figures;
    };

    progress(`first poll of ${feeds} sources (FEED_CONCURRENCY ${config.FEED_CONCURRENCY})…`);
    const first = await poll('first poll', 'ok');
    const afterFirstPoll = process.memoryUsage().rss;
    const second = await poll('second poll', 'not_modified');
    const documents = await bot.documentCount();
    if (first.stored !== feeds * items) failures.push(`first poll: ${first.stored} documents stored, ${feeds * items} expected (${first.duplicates} taken for duplicates)`);
    watch.sample();
    const result: FeedResult = {
      kind: 'feeds',
      feeds,
      items,
      seed,
      concurrency: config.FEED_CONCURRENCY,
      hosts: server.ready.hosts,
      largestHostGroup: server.ready.largestHostGroup,
      server: { process: 'child', generateSeconds: server.ready.generateSeconds, bodyBytes: server.ready.bodyBytes, gzipBytes: server.ready.gzipBytes },
      first,
      second,
      documents,
      dbBytes: fileBytes(dbPath) + fileBytes(`${dbPath}-wal`),
      rss: { peakSampled: watch.peakSampled, maxRss: watch.highWater(), afterFirstPoll },
      failures,
      seconds: (performance.now() - began) / 1000,
    };
    await send(result);
  } finally {
    clearInterval(sampler);
    server.close();
    await bot.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
