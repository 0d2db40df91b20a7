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
  /** The backend measured: sqlite (default) or postgres (bench --store postgres). */
  store?: 'sqlite' | 'postgres';
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

/** One polling pass of the feed scenario (bench/feed-scenario.ts) over every source. */
export interface FeedPoll {
  seconds: number;
  /** Feeds by poll status. */
  ok: number;
  notModified: number;
  failed: number;
  /** Items in the feeds read (200s), new to their source, stored as documents, and already stored. */
  items: number;
  newItems: number;
  stored: number;
  duplicates: number;
  /** New items whose page could not be fetched (the bench's items carry their text: should be 0). */
  retryLater: number;
  itemsPerSec: number;
  feedsPerSec: number;
  /** The bot process's CPU time (user + system) during the poll, and the server process's. */
  cpuSeconds: number;
  serverCpuSeconds: number;
  /** Event-loop delay of the bot process during the poll (perf_hooks histogram, ms). */
  loopDelay: { p50: number; p99: number; max: number };
  /** Requests the server answered, by status, and the bytes of bodies it sent. */
  requests: Record<string, number>;
  bytesSent: number;
}

export interface FeedResult {
  kind: 'feeds';
  feeds: number;
  items: number;
  seed: number;
  concurrency: number;
  hosts: number;
  largestHostGroup: number;
  /** Where the feed server ran, and what it served. */
  server: { process: 'child'; generateSeconds: number; bodyBytes: number; gzipBytes: number };
  first: FeedPoll;
  second: FeedPoll;
  documents: number;
  dbBytes: number;
  rss: { peakSampled: number; maxRss: number; afterFirstPoll: number };
  /** Every failed poll, skipped item and unexpected request, one line each (none expected). */
  failures: string[];
  seconds: number;
}

/** Digest fan-out on PostgreSQL with several replicas (bench/fanout.ts). */
export interface FanoutResult {
  kind: 'fanout';
  subscriptions: number;
  replicas: number;
  /** How long the platform stand-in takes to accept a post. */
  postMs: number;
  /** From the start signal until every replica had run every due digest. */
  seconds: number;
  perReplica: number[];
  /** Channels that got more than one digest, and channels that got none. */
  duplicates: number;
  missed: number;
}

export type ChildResult = BriefbotResult | PeerResult | FeedResult | FanoutResult;

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
