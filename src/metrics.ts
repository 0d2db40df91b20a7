// Prometheus metrics (prom-client), one registry per app (tests get their own): what was asked and how it went,
// how long briefs and answers took, abstentions, digest deliveries by status, and the process's own metrics
// (event-loop lag, memory, CPU). Served at GET /metrics beside /healthz (src/health.ts).
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { isUserError } from './errors.js';

/** Seconds: a brief or answer above 2 s is what a chat user notices. */
const LATENCY_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5];

export class BotMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'briefbot_requests_total',
    help: 'Briefs and questions handled, by kind (brief, answer) and outcome (ok, cached, abstained, user_error, error)',
    labelNames: ['kind', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly latency = new Histogram({
    name: 'briefbot_request_seconds',
    help: 'Time to make a brief or an answer, in seconds',
    labelNames: ['kind'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly digests = new Counter({
    name: 'briefbot_digest_deliveries_total',
    help: 'Digest runs by outcome (delivered, skipped as empty, failed)',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });
  readonly platformErrors = new Counter({
    name: 'briefbot_platform_errors_total',
    help: "Failed calls to a chat platform's API, by platform and error (its error code, http_<status>, or network)",
    labelNames: ['platform', 'error'] as const,
    registers: [this.registry],
  });
  /** `processMetrics`: also the process's own (one app per process should: bin/ and the CLI, through boot). */
  constructor({ processMetrics = false }: { processMetrics?: boolean } = {}) {
    // event-loop lag, heap, RSS, CPU, handles: prefixed so they sit beside the bot's own
    if (processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'briefbot_' });
  }

  /** Times `work` under `kind`, counting its outcome (`outcomeOf` reads a result; a throw is an error). */
  async observe<T>(kind: 'brief' | 'answer', work: () => Promise<T> | T, outcomeOf: (result: T) => string): Promise<T> {
    const end = this.latency.startTimer({ kind });
    try {
      const result = await work();
      this.requests.inc({ kind, outcome: outcomeOf(result) });
      return result;
    } catch (e) {
      this.requests.inc({ kind, outcome: isUserError(e) ? 'user_error' : 'error' });
      throw e;
    } finally {
      end();
    }
  }

  /** Exports the number of briefs and answers waiting for a reader thread, read when scraped. */
  watchQueue(queued: () => number): void {
    new Gauge({
      name: 'briefbot_queue_depth',
      help: 'Briefs and questions waiting for a reader thread',
      registers: [this.registry],
      collect() {
        this.set(queued());
      },
    });
  }

  /** The exposition text for GET /metrics. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
