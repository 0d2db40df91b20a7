// A map that stays small however long the bot runs: at most `max` entries, the least recently used forgotten
// first, and (when `ttlMs` is set) an entry forgotten once it is older than that.
export interface BoundedMapOptions {
  max: number;
  ttlMs?: number;
  /** Clock for the time-to-live (tests inject one). */
  now?: () => number;
}

export class BoundedMap<K, V> {
  private readonly map = new Map<K, { value: V; expires: number }>();
  private readonly max: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor({ max, ttlMs = Infinity, now = Date.now }: BoundedMapOptions) {
    if (max < 1) throw new RangeError('BoundedMap size must be at least 1');
    this.max = max;
    this.ttlMs = ttlMs;
    this.now = now;
  }

  get(key: K): V | undefined {
    const entry = this.map.get(key);
    if (!entry) return undefined;
    this.map.delete(key);
    if (entry.expires <= this.now()) return undefined;
    this.map.set(key, entry); // most recently used last
    return entry.value;
  }

  has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  set(key: K, value: V): this {
    this.map.delete(key);
    this.map.set(key, { value, expires: this.now() + this.ttlMs });
    while (this.map.size > this.max) {
      const oldest = this.map.keys().next();
      if (oldest.done) break;
      this.map.delete(oldest.value);
    }
    return this;
  }

  get size(): number {
    return this.map.size;
  }
}
