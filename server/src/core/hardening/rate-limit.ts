// A leaky bucket per caller, filled by the cost of each operation and draining at a
// steady rate. A caller may burst up to the bucket's capacity and then sustain the
// drain rate. This one keeps its state in this process; the server's buckets live in
// PostgreSQL (shared-rate-limit.ts), shared by every replica, and use this one only
// while the database does not answer in time.

export interface TakeResult {
  ok: boolean;
  /** Cost units still free after this request (0 when refused). */
  remaining: number;
  /** Whole seconds until the request would fit; 0 when accepted. */
  retryAfterSeconds: number;
}

interface Bucket {
  level: number;
  at: number;
}

export class LeakyBucket {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly capacity: number,
    readonly perSecond: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {}

  private drained(key: string, now: number): Bucket {
    const bucket = this.buckets.get(key) ?? { level: 0, at: now };
    bucket.level = Math.max(0, bucket.level - ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    return bucket;
  }

  take(key: string, cost: number): TakeResult {
    const now = this.now();
    const bucket = this.drained(key, now);
    // A single request dearer than the whole bucket would never fit; it fills it instead.
    const charge = Math.min(Math.max(0, cost), this.capacity);
    if (bucket.level + charge > this.capacity) {
      this.remember(key, bucket);
      const seconds = Math.ceil((bucket.level + charge - this.capacity) / this.perSecond);
      return { ok: false, remaining: Math.floor(this.capacity - bucket.level), retryAfterSeconds: Math.max(1, seconds) };
    }
    bucket.level += charge;
    this.remember(key, bucket);
    return { ok: true, remaining: Math.floor(this.capacity - bucket.level), retryAfterSeconds: 0 };
  }

  /** Free capacity without charging anything. */
  peek(key: string): number {
    const bucket = this.buckets.get(key);
    if (!bucket) return this.capacity;
    return Math.floor(this.capacity - Math.max(0, bucket.level - ((this.now() - bucket.at) / 1000) * this.perSecond));
  }

  private remember(key: string, bucket: Bucket): void {
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size <= this.maxKeys) return;
    // Too many callers tracked: forget the least recently seen ones (insertion order).
    const now = this.now();
    for (const [k, b] of this.buckets) {
      if (this.buckets.size <= this.maxKeys * 0.9) break;
      if (b.level - ((now - b.at) / 1000) * this.perSecond <= 0 || this.buckets.size > this.maxKeys) this.buckets.delete(k);
    }
  }

  get size(): number {
    return this.buckets.size;
  }
}
