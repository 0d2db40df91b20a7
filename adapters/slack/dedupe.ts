// A small bounded map with a time-to-live: remembers answered events without growing forever.
// Oldest entries are evicted first (Map keeps insertion order).

export class BoundedTtlMap<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();
  constructor(
    private readonly maxSize: number,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expires: this.now() + this.ttlMs });
    while (this.entries.size > this.maxSize) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * Answers each event once. Slack retries HTTP deliveries (X-Slack-Retry-Num) and Socket Mode re-delivers
 * unacknowledged envelopes with the same event_id; the same message can also arrive as app_mention and
 * message.im. A key is claimed before the work starts, so a retry arriving mid-answer is dropped too.
 */
export class EventDeduper {
  private readonly seen: BoundedTtlMap<true>;
  constructor(maxSize = 5000, ttlMs = 60 * 60 * 1000, now: () => number = Date.now) {
    this.seen = new BoundedTtlMap(maxSize, ttlMs, now);
  }

  /** True the first time any of `keys` is claimed; false if one of them was seen before. */
  claim(...keys: (string | undefined)[]): boolean {
    const present = keys.filter((k): k is string => Boolean(k));
    if (present.some((k) => this.seen.get(k))) return false;
    for (const k of present) this.seen.set(k, true);
    return true;
  }
}
