import { describe, expect, it } from 'vitest';
import { createStatusCache } from './status-cache.js';

/** A controllable upstream: each call waits until the test settles it. */
function upstream<T>() {
  const pending: { resolve: (v: T) => void; reject: (e: Error) => void }[] = [];
  return {
    calls: () => pending.length,
    fetch: () => new Promise<T>((resolve, reject) => pending.push({ resolve, reject })),
    resolve: (v: T) => pending.at(-1)!.resolve(v),
    reject: (e: Error) => pending.at(-1)!.reject(e),
  };
}

describe('createStatusCache', () => {
  it('calls the upstream once for 100 concurrent clients, and once more after the ttl', async () => {
    let clock = 1_000;
    const up = upstream<string>();
    const cache = createStatusCache({ ttlMs: 30_000, fetch: up.fetch, now: () => clock });

    const first = Array.from({ length: 100 }, () => cache.get());
    up.resolve('v1');
    const answers = await Promise.all(first);
    expect(up.calls()).toBe(1);
    expect(new Set(answers.map((a) => a.value))).toEqual(new Set(['v1']));
    expect(answers[0]).toEqual({ value: 'v1', ageMs: 0, stale: false });

    clock += 29_999;
    await Promise.all(Array.from({ length: 100 }, () => cache.get()));
    expect(up.calls()).toBe(1);

    clock += 1;
    const second = Array.from({ length: 100 }, () => cache.get());
    up.resolve('v2');
    expect((await Promise.all(second)).every((a) => a.value === 'v2' && !a.stale)).toBe(true);
    expect(up.calls()).toBe(2);
  });

  it('serves the last good value with its age and the error when the upstream fails', async () => {
    let clock = 0;
    const up = upstream<string>();
    const cache = createStatusCache({ ttlMs: 30_000, fetch: up.fetch, now: () => clock });
    const firstGet = cache.get();
    up.resolve('good');
    await firstGet;

    clock = 45_000;
    const failing = cache.get();
    up.reject(new Error('connect ECONNREFUSED 10.0.0.5:443'));
    expect(await failing).toEqual({
      value: 'good',
      ageMs: 45_000,
      stale: true,
      error: 'connect ECONNREFUSED 10.0.0.5:443',
    });

    // A failing upstream is not asked more often than a healthy one.
    clock = 60_000;
    expect(await cache.get()).toMatchObject({ value: 'good', ageMs: 60_000, stale: true });
    expect(up.calls()).toBe(2);

    clock = 75_000;
    const recovered = cache.get();
    up.resolve('better');
    expect(await recovered).toEqual({ value: 'better', ageMs: 0, stale: false });
  });

  it('throws only when there never was a good value', async () => {
    const up = upstream<string>();
    const cache = createStatusCache({ fetch: up.fetch, now: () => 0 });
    const get = cache.get();
    up.reject(new Error('timeout after 5000 ms'));
    await expect(get).rejects.toThrow('timeout after 5000 ms');
    await expect(cache.get()).rejects.toThrow('timeout after 5000 ms');
    expect(up.calls()).toBe(1);
  });

  it('asks again after clear', async () => {
    const up = upstream<number>();
    const cache = createStatusCache({ fetch: up.fetch, now: () => 0 });
    const a = cache.get();
    up.resolve(1);
    await a;
    cache.clear();
    const b = cache.get();
    up.resolve(2);
    expect((await b).value).toBe(2);
  });
});
