// npm run bench -- --store postgres [--sizes 100000,1000000 --huge] [--subscriptions 10000] [--replicas 3]
// Each size on SQLite and on PostgreSQL in the same run (bench/size.ts, one child process each), then the digest
// fan-out on PostgreSQL with several replicas (bench/fanout.ts). Writes bench/results/postgres.json when the run
// covers 100k and 1M documents and 10,000 subscriptions, else partial-postgres.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sizeLabel } from './report.js';
import type { BriefbotResult, ChildResult, FanoutResult } from './stats.js';

type RunChild = (script: string, args: readonly string[], execArgv: readonly string[], timeoutMs: number) => Promise<ChildResult>;

export interface StoreRunOptions {
  sizes: number[];
  seed: number;
  asks: number;
  briefs: number;
  subscriptions: number;
  replicas: number;
}

/** The targets at 1M documents on PostgreSQL, on a 2-core machine. */
const TARGETS = { askP95: 100, briefP95: 300 };
const ms = (x: number) => (Number.isFinite(x) ? `${x.toFixed(1)}` : '–');

export async function compareStores(opts: StoreRunOptions, runChild: RunChild, progress: (m: string) => void, meta: Record<string, unknown>, outDir: string): Promise<string[]> {
  const results: BriefbotResult[] = [];
  const failures: string[] = [];
  for (const size of opts.sizes) {
    for (const store of ['sqlite', 'postgres'] as const) {
      progress(`${store} at ${sizeLabel(size)} documents…`);
      try {
        const r = await runChild('size.ts', ['--size', String(size), '--seed', String(opts.seed), '--asks', String(opts.asks), '--briefs', String(opts.briefs), '--store', store], [], 4 * 3600_000);
        if (r.kind === 'briefbot') results.push(r);
        progress(`${store} ${sizeLabel(size)}: done in ${r.kind === 'briefbot' ? r.seconds.toFixed(0) : '?'} s`);
      } catch (err) {
        failures.push(`${store} at ${sizeLabel(size)}: ${(err as Error).message}`);
        progress(failures.at(-1)!);
      }
    }
  }
  let fanout: FanoutResult | undefined;
  if (opts.subscriptions > 0) {
    progress(`digest fan-out: ${opts.subscriptions} subscriptions, ${opts.replicas} replicas…`);
    try {
      const r = await runChild('fanout.ts', ['--subscriptions', String(opts.subscriptions), '--replicas', String(opts.replicas)], [], 3600_000);
      if (r.kind === 'fanout') fanout = r;
      if (fanout && (fanout.duplicates > 0 || fanout.missed > 0)) failures.push(`fan-out: ${fanout.duplicates} channels got a digest twice, ${fanout.missed} got none`);
    } catch (err) {
      failures.push(`fan-out: ${(err as Error).message}`);
    }
  }
  const lines = [
    '| documents | store | ingest docs/s | ask p50 / p95 ms | brief p50 / p95 ms | expected answers | store size MB | peak RSS MB |',
    '|---:|---|---:|---:|---:|---:|---:|---:|',
    ...results.map((r) => `| ${sizeLabel(r.size)} | ${r.store ?? 'sqlite'} | ${Math.round(r.ingest.docsPerSec)} | ${ms(r.ask.p50)} / ${ms(r.ask.p95)} | ${ms(r.brief.p50)} / ${ms(r.brief.p95)} | ${r.askOutcome.expectedFound}/${r.askOutcome.onTopic} | ${(r.dbBytes / 1e6).toFixed(0)} | ${(r.rss.maxRss / 1e6).toFixed(0)} |`),
  ];
  const top = results.filter((r) => r.store === 'postgres').sort((a, b) => b.size - a.size)[0];
  if (top) {
    lines.push('', `targets at ${sizeLabel(top.size)} on PostgreSQL (wanted at 1M): ask p95 ${ms(top.ask.p95)} ms (< ${TARGETS.askP95}: ${top.ask.p95 < TARGETS.askP95 ? 'met' : 'not met'}), brief p95 ${ms(top.brief.p95)} ms (< ${TARGETS.briefP95}: ${top.brief.p95 < TARGETS.briefP95 ? 'met' : 'not met'})`);
  }
  if (fanout) {
    lines.push('', `digest fan-out: ${fanout.subscriptions} subscriptions by ${fanout.replicas} replicas in ${fanout.seconds.toFixed(1)} s (${(fanout.subscriptions / fanout.seconds).toFixed(0)} digests/s; per replica ${fanout.perReplica.join(' / ')}; ${fanout.duplicates} duplicates, ${fanout.missed} missed; platform answers in ${fanout.postMs} ms)`);
  }
  console.log(lines.join('\n'));
  const full = opts.sizes.includes(100_000) && opts.sizes.includes(1_000_000) && opts.subscriptions >= 10_000;
  const name = full ? 'postgres' : 'partial-postgres';
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, `${name}.json`), `${JSON.stringify({ ...meta, briefbot: results, fanout: fanout ?? null, failures }, null, 2)}\n`);
  console.log(`\nwrote bench/results/${name}.json`);
  return failures;
}
