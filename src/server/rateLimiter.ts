import { LRUCache } from 'lru-cache';

interface Bucket {
  tokens: number;
  at: number;
}

export interface RateLimiterOptions {
  /** How many keys are remembered; the least recently seen is forgotten first, so memory stays bounded. */
  readonly maxKeys: number;
  readonly now?: () => number;
}

/** A token bucket per key: `perMinute` requests a minute on average, bursts up to `burst`. */
export class RateLimiter {
  private readonly buckets: LRUCache<string, Bucket>;
  private readonly now: () => number;

  constructor(
    private readonly perMinute: number,
    private readonly burst: number,
    options: RateLimiterOptions,
  ) {
    this.buckets = new LRUCache<string, Bucket>({ max: options.maxKeys });
    this.now = options.now ?? Date.now;
  }

  /** How many keys are remembered right now. */
  get size(): number {
    return this.buckets.size;
  }

  /** Takes one token; returns 0 when allowed, else the seconds to wait. */
  take(key: string): number {
    const t = this.now();
    const rate = this.perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: t };
    bucket.tokens = Math.min(this.burst, bucket.tokens + (t - bucket.at) * rate);
    bucket.at = t;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / rate / 1000);
  }
}
