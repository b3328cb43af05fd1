import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './token-bucket.js';

describe('TokenBuckets', () => {
  it('allows a burst, then refuses with the seconds until one token is back', () => {
    let now = 0;
    const buckets = new TokenBuckets({ burst: 2, refillPerSecond: 0.5, now: () => now });
    expect(buckets.take('a')).toEqual({ allowed: true });
    expect(buckets.take('a')).toEqual({ allowed: true });
    expect(buckets.take('a')).toEqual({ allowed: false, retryAfterSeconds: 2 });
    now += 2000;
    expect(buckets.take('a')).toEqual({ allowed: true });
  });

  it('keeps callers apart', () => {
    const buckets = new TokenBuckets({ burst: 1, refillPerSecond: 0.01, now: () => 0 });
    expect(buckets.take('a').allowed).toBe(true);
    expect(buckets.take('a').allowed).toBe(false);
    expect(buckets.take('b').allowed).toBe(true);
  });

  it('never refills above the burst', () => {
    let now = 0;
    const buckets = new TokenBuckets({ burst: 1, refillPerSecond: 10, now: () => now });
    buckets.take('a');
    now += 60_000;
    expect(buckets.take('a').allowed).toBe(true);
    expect(buckets.take('a').allowed).toBe(false);
  });

  it('forgets the least recently used caller when full', () => {
    const buckets = new TokenBuckets({ burst: 1, refillPerSecond: 0.01, maxKeys: 2, now: () => 0 });
    buckets.take('a');
    buckets.take('b');
    buckets.take('a');
    buckets.take('c'); // evicts b, the least recently used
    expect(buckets.size).toBe(2);
    expect(buckets.take('a').allowed).toBe(false);
    expect(buckets.take('b').allowed).toBe(true);
  });
});
