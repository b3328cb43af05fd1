/**
 * The status proxy's cache: however many clients ask, the upstream is called at most once per
 * `ttlMs` (single-flight: concurrent callers share one call), and when it fails the last good
 * answer is served with its age and the error, so a wall board keeps showing the site.
 */

export interface CachedValue<T> {
  value: T;
  /** How old the value is: milliseconds since the upstream call that produced it finished. */
  ageMs: number;
  /** True when the last upstream call failed and this is an older answer. */
  stale: boolean;
  /** Why the upstream failed, when it did. */
  error?: string;
}

export interface StatusCacheOptions<T> {
  /** Default 30 000: the public status endpoint's promise. */
  ttlMs?: number;
  fetch: () => Promise<T>;
  now?: () => number;
}

export interface StatusCache<T> {
  get(): Promise<CachedValue<T>>;
  /** Forget everything (the integration's settings changed): the next get calls the upstream. */
  clear(): void;
  /** The source's data changed: the next get asks again, and until it answers the last value stands. */
  expire(): void;
}

export const DEFAULT_STATUS_TTL_MS = 30_000;

export function createStatusCache<T>(options: StatusCacheOptions<T>): StatusCache<T> {
  const ttlMs = options.ttlMs ?? DEFAULT_STATUS_TTL_MS;
  const now = options.now ?? Date.now;
  let good: { value: T; at: number } | undefined;
  let failure: { error: unknown; at: number } | undefined;
  let inflight: Promise<void> | undefined;
  let expired = false;
  // Bumped by clear(), so an answer that arrives for the old settings is dropped.
  let generation = 0;

  function answer(): CachedValue<T> {
    const lastFailed = failure !== undefined && (good === undefined || failure.at >= good.at);
    if (good === undefined) {
      // Never a good value: the caller gets the upstream's error (the endpoint answers 503).
      throw failure?.error ?? new Error('the status source has not answered yet');
    }
    const result: CachedValue<T> = { value: good.value, ageMs: Math.max(0, now() - good.at), stale: lastFailed };
    if (lastFailed) result.error = errorText(failure?.error);
    return result;
  }

  function fresh(): boolean {
    if (expired) return false;
    // Counted from the last attempt, failed or not: a failing upstream is not asked more often.
    const last = Math.max(good?.at ?? -Infinity, failure?.at ?? -Infinity);
    return now() - last < ttlMs;
  }

  function refresh(): Promise<void> {
    const mine = generation;
    expired = false;
    inflight = (async () => {
      try {
        const value = await options.fetch();
        if (mine === generation) {
          good = { value, at: now() };
          failure = undefined;
        }
      } catch (error) {
        if (mine === generation) failure = { error, at: now() };
      } finally {
        if (mine === generation) inflight = undefined;
      }
    })();
    return inflight;
  }

  return {
    async get() {
      for (;;) {
        const asked = generation;
        if (inflight === undefined && !fresh()) void refresh();
        if (inflight !== undefined) await inflight;
        // A clear() while waiting: ask again under the new settings.
        if (asked === generation) return answer();
      }
    },
    clear() {
      generation++;
      good = undefined;
      failure = undefined;
      inflight = undefined;
    },
    expire() {
      expired = true;
    },
  };
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
