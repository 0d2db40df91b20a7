// Turns the per-size results into: target verdicts, text tables for stdout, and a hand-written SVG chart.
import { MB, type BriefbotResult, type FeedPoll, type FeedResult, type Latency, type PeerResult } from './stats.js';

export interface Target {
  name: string;
  value: string;
  status: 'met' | 'not met' | 'not measured';
}

const ms = (x: number): string => (Number.isFinite(x) ? (x < 10 ? x.toFixed(2) : x.toFixed(1)) : '–');
const mb = (bytes: number | undefined): string => (bytes === undefined ? '–' : (bytes / MB).toFixed(0));
const int = (x: number): string => Math.round(x).toLocaleString('en-US');
const ratio = (a: number, b: number): string => (b > 0 && Number.isFinite(a / b) ? `${(a / b).toFixed(2)}×` : '–');
export const sizeLabel = (n: number): string => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n));

export function targets(bb: readonly BriefbotResult[]): Target[] {
  const at100k = bb.find((r) => r.size === 100_000);
  const none = (name: string): Target => ({ name, value: '100k not run', status: 'not measured' });
  const verdict = (ok: boolean): Target['status'] => (ok ? 'met' : 'not met');
  const out: Target[] = [];
  out.push(at100k
    ? { name: 'ask p95 < 50 ms at 100k', value: `${ms(at100k.ask.p95)} ms`, status: verdict(at100k.ask.p95 < 50) }
    : none('ask p95 < 50 ms at 100k'));
  out.push(at100k
    ? { name: 'brief p95 < 250 ms at 100k', value: `${ms(at100k.brief.p95)} ms (no topic ${ms(at100k.briefNoTopic.p95)}, topic ${ms(at100k.briefTopic.p95)})`, status: verdict(at100k.brief.p95 < 250) }
    : none('brief p95 < 250 ms at 100k'));
  if (bb.length > 0) {
    const worst = bb.map((r) => ({ r, x: Math.max(r.retrieval.p50 / r.rawFts.p50, r.retrieval.p95 / r.rawFts.p95) })).sort((a, b) => b.x - a.x)[0]!;
    out.push({ name: 'retrieval within 2× raw FTS5 (p50 and p95, every size)', value: `worst ${worst.x.toFixed(2)}× at ${sizeLabel(worst.r.size)}`, status: verdict(worst.x <= 2) });
    const slowest = [...bb].sort((a, b) => a.ingest.docsPerSec - b.ingest.docsPerSec)[0]!;
    out.push({
      name: 'ingest ≥ 5,000 docs/s (every size)',
      value: bb.map((r) => `${int(r.ingest.docsPerSec)} at ${sizeLabel(r.size)}`).join('; '),
      status: verdict(slowest.ingest.docsPerSec >= 5000),
    });
  }
  out.push(at100k
    ? { name: 'peak RSS < 400 MB at 100k', value: `${mb(at100k.rss.maxRss)} MB maxRSS (${mb(at100k.rss.peakSampled)} MB sampled)`, status: verdict(at100k.rss.maxRss < 400 * MB) }
    : none('peak RSS < 400 MB at 100k'));
  return out;
}

/** The size the issue's feed targets are set for: 500 feeds of 50 items each. */
export const FEED_TARGET_SIZE = { feeds: 500, items: 50 } as const;
export const FEED_FIRST_POLL_TARGET_S = 60;
export const FEED_SECOND_POLL_TARGET_S = 5;

/** The feed scenario's two targets; `not measured` when it failed to run or ran at another size. */
export function feedTargets(f: FeedResult | undefined, ran: { count: number; items: number }): Target[] {
  const first = `first poll of ${int(FEED_TARGET_SIZE.feeds)} feeds × ${FEED_TARGET_SIZE.items} items stored < ${FEED_FIRST_POLL_TARGET_S} s, no failures`;
  const second = `second poll, nothing new (all 304) < ${FEED_SECOND_POLL_TARGET_S} s`;
  if (!f) return [first, second].map((name) => ({ name, value: 'feed scenario failed', status: 'not measured' }));
  const atTarget = f.feeds === FEED_TARGET_SIZE.feeds && f.items === FEED_TARGET_SIZE.items;
  const other = atTarget ? '' : ` (ran at ${int(ran.count)} × ${ran.items}: the target is for ${int(FEED_TARGET_SIZE.feeds)} × ${FEED_TARGET_SIZE.items})`;
  const verdict = (ok: boolean): Target['status'] => (!atTarget ? 'not measured' : ok ? 'met' : 'not met');
  const firstOk = f.first.seconds < FEED_FIRST_POLL_TARGET_S && f.failures.length === 0 && f.first.stored === f.feeds * f.items;
  const secondOk = f.second.seconds < FEED_SECOND_POLL_TARGET_S && f.second.notModified === f.feeds;
  return [
    { name: first, value: `${f.first.seconds.toFixed(1)} s, ${int(f.first.stored)} stored, ${f.failures.length} failures${other}`, status: verdict(firstOk) },
    { name: second, value: `${f.second.seconds.toFixed(2)} s, ${int(f.second.notModified)}/${int(f.feeds)} answered 304${other}`, status: verdict(secondOk) },
  ];
}

function feedSection(f: FeedResult): string[] {
  const row = (name: string, p: FeedPoll): string[] => [
    name, p.seconds.toFixed(2), int(p.ok), int(p.notModified), int(p.failed), int(p.stored), p.stored > 0 ? int(p.itemsPerSec) : '–', p.feedsPerSec.toFixed(1),
    p.cpuSeconds.toFixed(1), p.serverCpuSeconds.toFixed(1), ms(p.loopDelay.p99), ms(p.loopDelay.max),
  ];
  return [
    `feeds: ${int(f.feeds)} feeds × ${f.items} items on ${int(f.hosts)} hosts (at most ${f.largestHostGroup} feeds on one), FEED_CONCURRENCY ${f.concurrency}; ` +
      `server in a child process, ${mb(f.server.bodyBytes)} MB of feeds (${mb(f.server.gzipBytes)} MB gzipped)`,
    table(
      ['poll', 'wall s', 'read', '304', 'failed', 'stored', 'items/s', 'feeds/s', 'bot CPU s', 'server CPU s', 'loop p99 ms', 'loop max ms'],
      [row('first (all new)', f.first), row('second (nothing new)', f.second)],
    ),
    `RSS peak ${mb(f.rss.peakSampled)} MB sampled every 50 ms, ${mb(f.rss.maxRss)} MB maxRSS; ${int(f.documents)} documents, DB ${mb(f.dbBytes)} MB; ` +
      `${f.failures.length} failures${f.failures.length > 0 ? `:\n${f.failures.slice(0, 20).map((l) => `  ${l}`).join('\n')}` : ''}`,
  ];
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function textReport(header: string, bb: readonly BriefbotResult[], peers: readonly PeerResult[], ts: readonly Target[], feeds?: FeedResult): string {
  const out: string[] = [header, ''];
  if (bb.length > 0 || peers.length > 0) out.push(...sizeSections(bb, peers), '');
  if (feeds) out.push(...feedSection(feeds), '');
  out.push('targets');
  out.push(table(['target', 'measured', 'status'], ts.map((t) => [t.name, t.value, t.status])));
  return out.join('\n');
}

function sizeSections(bb: readonly BriefbotResult[], peers: readonly PeerResult[]): string[] {
  const out: string[] = [];
  out.push('briefbot (latencies in ms; RSS in MB)');
  out.push(table(
    ['size', 'stories', 'sentences', 'ingest docs/s', 'DB MB', 'ask n', 'ask p50', 'ask p95', 'ask max', 'brief n', 'brief p50', 'brief p95', 'no-topic p95', 'topic p95', 'RSS peak', 'maxRSS'],
    bb.map((r) => [
      sizeLabel(r.size), int(r.stories), int(r.sentences), int(r.ingest.docsPerSec), mb(r.dbBytes), String(r.ask.n), ms(r.ask.p50), ms(r.ask.p95), ms(r.ask.max),
      String(r.brief.n), ms(r.brief.p50), ms(r.brief.p95), ms(r.briefNoTopic.p95), ms(r.briefTopic.p95), mb(r.rss.peakSampled), mb(r.rss.maxRss),
    ]),
  ));
  out.push('', 'answers (sanity, not accuracy: see npm run eval)');
  out.push(table(
    ['size', 'on-topic answered with expected text', 'off-topic declined', 'errors', 'brief stories'],
    bb.map((r) => {
      const o = r.askOutcome;
      return [sizeLabel(r.size), `${o.expectedFound}/${o.onTopic}`, `${o.offTopicDeclined}/${o.offTopic}`, String(o.errors), String(r.briefStories)];
    }),
  ));
  out.push('', 'retrieval: same corpus sentences, same questions, top 50 (ratios are briefbot searchSentences ÷ engine)');
  const rows: string[][] = [];
  for (const r of bb) {
    const row = (name: string, build: string, q: Latency, heap: string, rss: string, note: string): string[] => [
      sizeLabel(r.size), name, build, String(q.n), ms(q.p50), ms(q.p95), heap, rss, ratio(r.retrieval.p50, q.p50), ratio(r.retrieval.p95, q.p95), note,
    ];
    rows.push(row('briefbot searchSentences', r.ingest.seconds.toFixed(1), r.retrieval, '–', '–', 'build = full ingest (SQLite, on disk)'));
    rows.push(row('raw SQLite FTS5', '–', r.rawFts, '–', '–', 'same index, bare MATCH'));
    for (const p of peers.filter((x) => x.size === r.size)) {
      if (p.status !== 'ok' || !p.query) {
        rows.push([sizeLabel(r.size), p.engine, p.buildSeconds ? p.buildSeconds.toFixed(1) : '–', '–', '–', '–', '–', '–', '–', '–', p.note ?? p.status]);
        continue;
      }
      rows.push(row(p.engine, p.buildSeconds.toFixed(1), p.query, mb(p.heapDelta), mb(p.rssDelta), `build ratio ${ratio(r.ingest.seconds, p.buildSeconds)}`));
    }
  }
  out.push(table(['size', 'engine', 'build s', 'queries', 'p50 ms', 'p95 ms', 'heap Δ MB', 'RSS Δ MB', 'p50 ratio', 'p95 ratio', 'note'], rows));
  return out;
}

/** Ask and brief p50/p95 against store size: log x, log y, hand-written SVG. */
export function latencySvg(bb: readonly BriefbotResult[]): string {
  const W = 720;
  const H = 440;
  const m = { l: 70, r: 180, t: 40, b: 60 };
  const pw = W - m.l - m.r;
  const ph = H - m.t - m.b;
  const sizes = bb.map((r) => r.size);
  const values = bb.flatMap((r) => [r.ask.p50, r.ask.p95, r.brief.p50, r.brief.p95]).filter((v) => v > 0);
  const xMin = Math.log10(Math.min(...sizes)) - 0.15;
  const xMax = Math.log10(Math.max(...sizes)) + 0.15;
  const yMin = Math.floor(Math.log10(Math.min(...values, 50)));
  const yMax = Math.ceil(Math.log10(Math.max(...values, 250)));
  const x = (n: number): number => m.l + ((Math.log10(n) - xMin) / (xMax - xMin || 1)) * pw;
  const y = (v: number): number => m.t + ph - ((Math.log10(Math.max(v, 10 ** yMin)) - yMin) / (yMax - yMin || 1)) * ph;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${m.l}" y="22" font-size="15" font-weight="bold">briefbot ask and brief latency vs store size</text>`,
  ];
  for (let e = yMin; e <= yMax; e++) {
    const v = 10 ** e;
    parts.push(`<line x1="${m.l}" x2="${m.l + pw}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`);
    parts.push(`<text x="${m.l - 8}" y="${y(v) + 4}" text-anchor="end">${v >= 1 ? v : v.toFixed(-e)} ms</text>`);
  }
  for (const n of sizes) {
    parts.push(`<line x1="${x(n)}" x2="${x(n)}" y1="${m.t}" y2="${m.t + ph}" stroke="#eee"/>`);
    parts.push(`<text x="${x(n)}" y="${m.t + ph + 18}" text-anchor="middle">${sizeLabel(n)}</text>`);
  }
  parts.push(`<text x="${m.l + pw / 2}" y="${H - 15}" text-anchor="middle">documents in store (log scale)</text>`);
  parts.push(`<rect x="${m.l}" y="${m.t}" width="${pw}" height="${ph}" fill="none" stroke="#888"/>`);
  const targetLines: [number, string, string][] = [[50, 'ask p95 target 50 ms', '#1f77b4'], [250, 'brief p95 target 250 ms', '#d62728']];
  for (const [v, label, colour] of targetLines) {
    parts.push(`<line x1="${m.l}" x2="${m.l + pw}" y1="${y(v)}" y2="${y(v)}" stroke="${colour}" stroke-dasharray="2 4" opacity="0.7"/>`);
    parts.push(`<text x="${m.l + pw - 4}" y="${y(v) - 4}" text-anchor="end" fill="${colour}" font-size="10">${label}</text>`);
  }
  const series: [string, string, string, (r: BriefbotResult) => number][] = [
    ['ask p50', '#1f77b4', '5 4', (r) => r.ask.p50],
    ['ask p95', '#1f77b4', '', (r) => r.ask.p95],
    ['brief p50', '#d62728', '5 4', (r) => r.brief.p50],
    ['brief p95', '#d62728', '', (r) => r.brief.p95],
  ];
  series.forEach(([name, colour, dash, get], i) => {
    const pts = bb.map((r) => `${x(r.size).toFixed(1)},${y(get(r)).toFixed(1)}`);
    parts.push(`<polyline points="${pts.join(' ')}" fill="none" stroke="${colour}" stroke-width="2" ${dash ? `stroke-dasharray="${dash}"` : ''}/>`);
    for (const r of bb) parts.push(`<circle cx="${x(r.size).toFixed(1)}" cy="${y(get(r)).toFixed(1)}" r="3" fill="${colour}"><title>${name} at ${sizeLabel(r.size)}: ${ms(get(r))} ms</title></circle>`);
    const ly = m.t + 10 + i * 22;
    parts.push(`<line x1="${m.l + pw + 16}" x2="${m.l + pw + 46}" y1="${ly}" y2="${ly}" stroke="${colour}" stroke-width="2" ${dash ? `stroke-dasharray="${dash}"` : ''}/>`);
    parts.push(`<text x="${m.l + pw + 52}" y="${ly + 4}">${name}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}
