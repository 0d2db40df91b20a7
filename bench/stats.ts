// Timing, percentiles, memory sampling, and the messages the per-size child processes send back.

export interface Latency {
  n: number;
  p50: number;
  p95: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles of millisecond samples. */
export function summarise(samples: readonly number[]): Latency {
  if (samples.length === 0) return { n: 0, p50: NaN, p95: NaN, max: NaN, mean: NaN };
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number): number => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
  return { n: s.length, p50: at(0.5), p95: at(0.95), max: s[s.length - 1]!, mean: s.reduce((a, b) => a + b, 0) / s.length };
}

/** Tracks the highest RSS seen at the sample points, next to the kernel's high-water mark. */
export class MemoryWatch {
  peakSampled = process.memoryUsage().rss;
  sample(): void {
    const rss = process.memoryUsage().rss;
    if (rss > this.peakSampled) this.peakSampled = rss;
  }
  /** resourceUsage().maxRSS is in kilobytes. */
  highWater(): number {
    return process.resourceUsage().maxRSS * 1024;
  }
}

export function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) {
    g();
    g();
  }
}

export const MB = 1024 * 1024;

export const ENGINES = ['minisearch', 'flexsearch', 'lunr'] as const;
export type EngineName = (typeof ENGINES)[number];

export interface AskOutcome {
  answered: number;
  notFound: number;
  errors: number;
  /** On-topic questions answered with a text containing the generator's expected string. */
  expectedFound: number;
  onTopic: number;
  /** Off-topic questions the bot correctly declined (status not_found). */
  offTopicDeclined: number;
  offTopic: number;
}

export interface BriefbotResult {
  kind: 'briefbot';
  size: number;
  stories: number;
  sentences: number;
  duplicates: number;
  ingest: { seconds: number; docsPerSec: number; batch: number };
  dbBytes: number;
  retrieval: Latency;
  rawFts: Latency;
  ask: Latency;
  askOutcome: AskOutcome;
  brief: Latency;
  briefNoTopic: Latency;
  briefTopic: Latency;
  briefStories: number;
  rss: { peakSampled: number; maxRss: number; afterIngest: number; heapUsed: number };
  seconds: number;
}

export interface PeerResult {
  kind: 'peer';
  engine: string;
  size: number;
  status: 'ok' | 'skipped' | 'failed';
  note?: string;
  sentences: number;
  buildSeconds: number;
  query?: Latency;
  heapDelta?: number;
  rssDelta?: number;
  maxRss?: number;
}

export type ChildResult = BriefbotResult | PeerResult;

/** Parses `--name value` pairs passed to the child scripts. */
export function argValue(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

export function send(result: ChildResult): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send) {
      console.log(JSON.stringify(result, null, 2));
      resolve();
      return;
    }
    process.send(result, (err: Error | null) => (err ? reject(err) : resolve()));
  });
}
