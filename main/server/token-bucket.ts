/**
 * Token buckets keyed by caller. Hand-written because @fastify/rate-limit only offers fixed
 * windows, which let a client send twice the limit around a window edge; a bucket gives a
 * steady refill rate with a bounded burst, which is what `config.rateLimit` describes.
 */
export interface TokenBucketOptions {
  /** Largest number of requests a caller can send at once. */
  burst: number;
  /** Tokens added back per second. */
  refillPerSecond: number;
  /** Most keys kept; the least recently used is forgotten first (it restarts with a full bucket). */
  maxKeys?: number;
  now?: () => number;
}

export type TakeResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class TokenBuckets {
  readonly #burst: number;
  readonly #refillPerMs: number;
  readonly #maxKeys: number;
  readonly #now: () => number;
  // A Map iterates in insertion order; re-inserting on every use makes the first key the least recently used.
  readonly #buckets = new Map<string, Bucket>();

  constructor(options: TokenBucketOptions) {
    this.#burst = options.burst;
    this.#refillPerMs = options.refillPerSecond / 1000;
    this.#maxKeys = options.maxKeys ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#buckets.size;
  }

  /** Takes one token for `key`, or says how many whole seconds until one is back. */
  take(key: string): TakeResult {
    const now = this.#now();
    const bucket = this.#buckets.get(key) ?? { tokens: this.#burst, updatedAt: now };
    this.#buckets.delete(key);
    bucket.tokens = Math.min(this.#burst, bucket.tokens + (now - bucket.updatedAt) * this.#refillPerMs);
    bucket.updatedAt = now;

    let result: TakeResult;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      result = { allowed: true };
    } else {
      const waitMs = (1 - bucket.tokens) / this.#refillPerMs;
      result = { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    }

    this.#buckets.set(key, bucket);
    while (this.#buckets.size > this.#maxKeys) {
      const oldest = this.#buckets.keys().next();
      if (oldest.done) break;
      this.#buckets.delete(oldest.value);
    }
    return result;
  }
}
