// What a load phase measured, against the targets of issue #14 (2-core machine, 100,000 articles, 20 users).
import { summarise, type Latency } from '../stats.js';
import type { ProcessSample } from './bot-process.js';
import { duplicatesOf, outcomeOf, type Outcome, type TrackedRequest } from './traffic.js';

export const TARGETS = { ackMaxMs: 1000, briefP95Ms: 2000, mentionP95Ms: 1000, soakRssGrowthPct: 10 };

export interface PhaseReport {
  name: string;
  seconds: number;
  requests: number;
  ackMs: Latency;
  replyMs: { brief: Latency; mention: Latency };
  outcomes: Record<Outcome, number>;
  duplicated: number;
  rssMb: { first: number; last: number; max: number; growthPct: number };
  loopLagMaxMs: number;
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

export function phaseReport(name: string, requests: readonly TrackedRequest[], samples: readonly ProcessSample[], seconds: number): PhaseReport {
  const outcomes: Record<Outcome, number> = { answered: 0, busy: 0, error: 0, partial: 0, lost: 0, unacknowledged: 0 };
  for (const r of requests) outcomes[outcomeOf(r)] += 1;
  const reply = (kind: string) =>
    summarise(requests.filter((r) => r.kind === kind && outcomeOf(r) === 'answered').map((r) => r.replies.find((x) => x.complete)!.at - r.sentAt));
  // RSS growth: the median of the first minute's samples against the last minute's (single samples jump with GC)
  const span = samples.length > 0 ? samples[samples.length - 1]!.at - samples[0]!.at : 0;
  const minute = Math.min(60, span / 4);
  const rss = samples.map((s) => s.rssMb).filter(Number.isFinite);
  const first = median(samples.filter((s) => s.at <= samples[0]!.at + minute).map((s) => s.rssMb));
  const last = median(samples.filter((s) => s.at >= samples[samples.length - 1]!.at - minute).map((s) => s.rssMb));
  return {
    name, seconds, requests: requests.length,
    ackMs: summarise(requests.filter((r) => r.ackMs !== undefined).map((r) => r.ackMs!)),
    replyMs: { brief: reply('brief'), mention: reply('mention') },
    outcomes,
    duplicated: requests.reduce((n, r) => n + duplicatesOf(r), 0),
    rssMb: { first, last, max: rss.length ? Math.max(...rss) : NaN, growthPct: ((last - first) / first) * 100 },
    loopLagMaxMs: Math.max(...samples.map((s) => s.loopLagMaxMs).filter(Number.isFinite), 0),
  };
}

const ms = (l: Latency) => (l.n === 0 ? 'none' : `p50 ${l.p50.toFixed(0)} · p95 ${l.p95.toFixed(0)} · max ${l.max.toFixed(0)} ms (n=${l.n})`);
const mark = (ok: boolean) => (ok ? 'met' : 'NOT met');

export function printReport(options: Record<string, unknown>, phases: readonly PhaseReport[]): void {
  const out: string[] = [`briefbot load — ${JSON.stringify(options)}`];
  for (const p of phases) {
    const o = p.outcomes;
    out.push(
      '',
      `${p.name}: ${p.requests} requests in ${p.seconds.toFixed(0)} s`,
      `  acknowledgement  ${ms(p.ackMs)}   target max < ${TARGETS.ackMaxMs} ms: ${mark(p.ackMs.max < TARGETS.ackMaxMs)}`,
      `  /brief reply     ${ms(p.replyMs.brief)}   target p95 < ${TARGETS.briefP95Ms} ms: ${mark(p.replyMs.brief.p95 < TARGETS.briefP95Ms)}`,
      `  mention reply    ${ms(p.replyMs.mention)}   target p95 < ${TARGETS.mentionP95Ms} ms: ${mark(p.replyMs.mention.p95 < TARGETS.mentionP95Ms)}`,
      `  outcomes         answered ${o.answered} · busy ${o.busy} · apology ${o.error} · partial ${o.partial} · lost ${o.lost} · not acknowledged ${o.unacknowledged}   target 0 lost: ${mark(o.lost === 0 && o.partial === 0)}`,
      `  duplicated       ${p.duplicated}   target 0: ${mark(p.duplicated === 0)}`,
      `  RSS              first ${p.rssMb.first.toFixed(0)} MB → last ${p.rssMb.last.toFixed(0)} MB (max ${p.rssMb.max.toFixed(0)}; ${p.rssMb.growthPct >= 0 ? '+' : ''}${p.rssMb.growthPct.toFixed(1)}%)` +
        (p.name === 'soak' ? `   target < ${TARGETS.soakRssGrowthPct}%: ${mark(p.rssMb.growthPct < TARGETS.soakRssGrowthPct)}` : ''),
      `  event-loop lag   max ${p.loopLagMaxMs.toFixed(0)} ms (between 2 s samples)`,
    );
  }
  process.stdout.write(`${out.join('\n')}\n`);
}
