// npm run bench [-- --sizes 1000,10000] [--quick] [--huge] [--seed 42] [--asks 200] [--briefs 30] [--cap 120] [--no-peers]
//                [--feeds] [--feeds-count 500] [--items 50] [--no-feeds]
//                [--store postgres [--subscriptions 10000] [--replicas 3]]   (bench/stores.ts: SQLite beside PostgreSQL)
// Each store size runs in a fresh child process (bench/size.ts), each peer library at each size in its own
// (bench/peer.ts), and the feed scenario in its own (bench/feed-scenario.ts, which forks its feed server), so
// memory figures belong to one measurement only. Writes bench/results/latest.json and latency.svg (partial.* for a partial run).
import { execFileSync, fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FEED_TARGET_SIZE, feedTargets, latencySvg, sizeLabel, targets, textReport } from './report.js';
import { compareStores } from './stores.js';
import { ENGINES, type BriefbotResult, type ChildResult, type EngineName, type FeedResult, type PeerResult } from './stats.js';

const here = dirname(fileURLToPath(import.meta.url));

interface Options {
  sizes: number[];
  seed: number;
  asks: number;
  briefs: number;
  cap: number;
  peers: boolean;
  /** Run the feed scenario (bench/feed-scenario.ts) with this many feeds of this many items; false to leave it out. */
  feeds: { count: number; items: number } | false;
  /** --feeds: the feed scenario only, no store sizes. */
  feedsOnly: boolean;
  /** --store postgres: each size on both stores and the digest fan-out (bench/stores.ts), nothing else. */
  store: 'sqlite' | 'postgres';
  subscriptions: number;
  replicas: number;
}

const STANDARD_SIZES = [1000, 10_000, 100_000];

function parseArgs(argv: readonly string[]): Options {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  let sizes = (value('sizes') ?? STANDARD_SIZES.join(',')).split(',').map((s) => Number(s.trim().replace(/k$/i, '000')));
  if (argv.includes('--quick')) sizes = [1000];
  if (argv.includes('--huge') && !sizes.includes(1_000_000)) sizes.push(1_000_000);
  if (sizes.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error(`--sizes must be positive whole numbers, got ${value('sizes')}`);
  if (sizes.some((n) => n > 100_000) && !argv.includes('--huge')) throw new Error('sizes above 100k need --huge');
  const store = value('store') ?? 'sqlite';
  if (store !== 'sqlite' && store !== 'postgres') throw new Error(`--store must be sqlite or postgres, got ${store}`);
  const feedsOnly = argv.includes('--feeds');
  const feedCount = Number(value('feeds-count') ?? FEED_TARGET_SIZE.feeds);
  const feedItems = Number(value('items') ?? FEED_TARGET_SIZE.items);
  if (![feedCount, feedItems].every((n) => Number.isInteger(n) && n > 0)) throw new Error(`--feeds-count and --items must be positive whole numbers, got ${value('feeds-count')} and ${value('items')}`);
  // the feed scenario runs alone with --feeds, after the sizes in a default run, and not in a run narrowed to sizes
  const narrowed = argv.includes('--quick') || value('sizes') !== undefined || argv.includes('--no-feeds');
  return {
    sizes: [...new Set(sizes)].sort((a, b) => a - b),
    seed: Number(value('seed') ?? 42),
    asks: Number(value('asks') ?? 200),
    briefs: Number(value('briefs') ?? 30),
    cap: Number(value('cap') ?? 120),
    peers: !argv.includes('--no-peers'),
    feeds: feedsOnly || !narrowed ? { count: feedCount, items: feedItems } : false,
    feedsOnly,
    store,
    subscriptions: Number(value('subscriptions') ?? 10_000),
    replicas: Number(value('replicas') ?? 3),
  };
}

/** Forks a bench child with tsx; resolves with the one result it sends, or rejects with its last stderr lines. */
function runChild(script: string, args: readonly string[], extraExecArgv: readonly string[], timeoutMs: number): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = fork(join(here, script), [...args], {
      execArgv: ['--import', 'tsx', '--expose-gc', ...extraExecArgv],
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    let stderr = '';
    let result: ChildResult | undefined;
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    child.on('message', (m) => {
      result = m as ChildResult;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (result) resolve(result);
      else reject(new Error(`${script} ${args.join(' ')} exited (${signal ?? code}) without a result${signal === 'SIGKILL' ? ` after the ${timeoutMs / 1000} s timeout` : ''}: ${stderr.trim().split('\n').slice(-6).join(' | ')}`));
    });
  });
}

function git(args: readonly string[]): string {
  try {
    return execFileSync('git', [...args], { cwd: join(here, '..'), encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const briefbot: BriefbotResult[] = [];
  const peers: PeerResult[] = [];
  let feeds: FeedResult | undefined;
  const failures: string[] = [];
  const progress = (msg: string): void => {
    process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0)}s] ${msg}\n`);
  };
  if (opts.store === 'postgres') {
    const commit = git(['rev-parse', 'HEAD']);
    const meta = { commit, srcDirty: git(['status', '--porcelain', '--', 'src']) !== '', date: new Date().toISOString(), node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', seed: opts.seed };
    console.log(`briefbot bench, SQLite beside PostgreSQL — commit ${commit.slice(0, 10)}, node ${meta.node}, ${meta.cpus} × ${meta.cpuModel}, seed ${opts.seed}`);
    const failures = await compareStores(opts, runChild, progress, meta, join(here, 'results'));
    if (failures.length > 0) {
      console.log(`\nfailures:\n${failures.map((f) => `  ${f}`).join('\n')}`);
      process.exitCode = 1;
    }
    return;
  }
  for (const size of opts.feedsOnly ? [] : opts.sizes) {
    progress(`briefbot at ${sizeLabel(size)} documents…`);
    const common = ['--size', String(size), '--seed', String(opts.seed), '--asks', String(opts.asks)];
    try {
      const r = await runChild('size.ts', [...common, '--briefs', String(opts.briefs)], [], 30 * 60_000);
      if (r.kind === 'briefbot') briefbot.push(r);
      progress(`briefbot ${sizeLabel(size)}: done in ${r.kind === 'briefbot' ? r.seconds.toFixed(0) : '?'} s`);
    } catch (err) {
      failures.push(`briefbot at ${sizeLabel(size)}: ${(err as Error).message}`);
      progress(failures[failures.length - 1]!);
    }
    if (!opts.peers) continue;
    for (const engine of ENGINES) {
      const skip = projectedSkip(engine, size, peers, opts.cap);
      if (skip) {
        peers.push(skip);
        progress(`${engine} ${sizeLabel(size)}: ${skip.note}`);
        continue;
      }
      progress(`${engine} at ${sizeLabel(size)}…`);
      try {
        const r = await runChild('peer.ts', [...common, '--engine', engine, '--cap', String(opts.cap)], ['--max-old-space-size=8192'], (opts.cap * 3 + 120) * 1000);
        if (r.kind === 'peer') peers.push(r);
      } catch (err) {
        const note = `failed: ${(err as Error).message}`;
        peers.push({ kind: 'peer', engine, size, status: 'failed', note, sentences: 0, buildSeconds: 0 });
        progress(`${engine} ${sizeLabel(size)}: ${note}`);
      }
    }
  }

  if (opts.feeds) {
    const { count, items } = opts.feeds;
    progress(`feed scenario: ${count} feeds × ${items} items…`);
    try {
      const r = await runChild('feed-scenario.ts', ['--feeds-count', String(count), '--items', String(items), '--seed', String(opts.seed)], [], 15 * 60_000);
      if (r.kind === 'feeds') {
        feeds = r;
        // every failed poll, skipped item or unexpected request fails the run; all of them are in the JSON
        for (const line of r.failures.slice(0, 20)) failures.push(`feed scenario: ${line}`);
        if (r.failures.length > 20) failures.push(`feed scenario: … and ${r.failures.length - 20} more (see feeds.failures in the JSON)`);
      }
      progress(`feed scenario: done in ${r.kind === 'feeds' ? r.seconds.toFixed(0) : '?'} s`);
    } catch (err) {
      failures.push(`feed scenario ${count} × ${items}: ${(err as Error).message}`);
      progress(failures[failures.length - 1]!);
    }
  }

  const commit = git(['rev-parse', 'HEAD']);
  const dirty = git(['status', '--porcelain', '--', 'src']) !== '';
  const meta = {
    commit,
    srcDirty: dirty,
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    seed: opts.seed,
    sizes: opts.feedsOnly ? [] : opts.sizes,
    seconds: Math.round((performance.now() - started) / 1000),
  };
  const ts = [...(opts.feedsOnly ? [] : targets(briefbot)), ...(opts.feeds ? feedTargets(feeds, opts.feeds) : [])];
  const header = `briefbot bench — commit ${commit.slice(0, 10)}${dirty ? ' (src/ has uncommitted changes)' : ''}, node ${meta.node}, ${meta.cpus} × ${meta.cpuModel}, seed ${opts.seed}, ${meta.seconds} s`;
  console.log(textReport(header, briefbot, peers, ts, feeds));
  if (failures.length > 0) console.log(`\nfailures:\n${failures.map((f) => `  ${f}`).join('\n')}`);
  const outDir = join(here, 'results');
  mkdirSync(outDir, { recursive: true });
  // Only a full run (every standard size, peers included, the feed scenario at its standard size) replaces the
  // committed results the README quotes; a partial run (--sizes, --quick, --no-peers, --feeds, --no-feeds, another
  // --feeds-count or --items) goes to git-ignored partial.* files.
  const standardFeeds = opts.feeds !== false && opts.feeds.count === FEED_TARGET_SIZE.feeds && opts.feeds.items === FEED_TARGET_SIZE.items;
  const full = !opts.feedsOnly && opts.peers && standardFeeds && STANDARD_SIZES.every((n) => opts.sizes.includes(n));
  const name = full ? 'latest' : 'partial';
  writeFileSync(join(outDir, `${name}.json`), `${JSON.stringify({ ...meta, targets: ts, briefbot, peers, ...(opts.feeds ? { feeds: feeds ?? null } : {}), failures }, null, 2)}\n`);
  if (briefbot.length > 0) writeFileSync(join(outDir, full ? 'latency.svg' : 'partial.svg'), `${latencySvg(briefbot)}\n`);
  console.log(`\nwrote bench/results/${name}.json${briefbot.length > 0 ? ` and bench/results/${full ? 'latency' : 'partial'}.svg` : ''}${full ? '' : ' (a partial run: latest.json is left as it was)'}`);
  if (failures.length > 0) process.exitCode = 1;
}

/** Skips a peer whose last build, scaled linearly to this size, would exceed the cap (or that was already skipped). */
function projectedSkip(engine: EngineName, size: number, done: readonly PeerResult[], cap: number): PeerResult | undefined {
  const prior = done.filter((p) => p.engine === engine && p.size < size).sort((a, b) => b.size - a.size)[0];
  if (!prior) return undefined;
  const base: PeerResult = { kind: 'peer', engine, size, status: 'skipped', sentences: 0, buildSeconds: 0 };
  if (prior.status !== 'ok') return { ...base, note: `skipped: too slow (>${cap} s; ${prior.status} at ${sizeLabel(prior.size)})` };
  const projected = prior.buildSeconds * (size / prior.size);
  if (projected > cap) return { ...base, note: `skipped: too slow (>${cap} s; projected ${projected.toFixed(0)} s from ${prior.buildSeconds.toFixed(1)} s at ${sizeLabel(prior.size)})` };
  return undefined;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
