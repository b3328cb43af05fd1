import { OutpostError } from '../contract/index.js';

export interface LoginLimiterOptions {
  maxFailures: number;
  windowMinutes: number;
  /** Most keys (accounts + addresses) remembered at once; the oldest idle ones are forgotten first. */
  maxKeys?: number;
  now?: () => number;
}

/** One login attempt in progress: report how it ended exactly once. */
export interface LoginAttempt {
  succeeded(): void;
  failed(): void;
}

export interface LoginLimiter {
  /** Throws `rate_limited` when the account or the address is locked out; otherwise starts an attempt. */
  begin(email: string, address: string): LoginAttempt;
  /** How many keys are remembered (for tests and metrics). */
  size(): number;
}

interface Counter {
  /** Times of failures inside the current window, oldest first. */
  failures: number[];
  /** Attempts started but not finished: counted so parallel guesses cannot slip past the limit. */
  pending: number;
  lockedUntil: number;
}

/**
 * Limits failed logins per account and, separately, per address. Once a key has `maxFailures`
 * failures inside the window it is locked for one window; every attempt for it is refused,
 * even with the right password, so guessing gains nothing.
 */
export function createLoginLimiter(options: LoginLimiterOptions): LoginLimiter {
  const windowMs = options.windowMinutes * 60_000;
  const maxKeys = options.maxKeys ?? 10_000;
  const now = options.now ?? Date.now;
  const counters = new Map<string, Counter>();

  const fresh = (counter: Counter, at: number): Counter => {
    if (counter.lockedUntil !== 0 && counter.lockedUntil <= at) {
      counter.lockedUntil = 0;
      counter.failures = [];
    }
    while (counter.failures.length > 0 && counter.failures[0]! <= at - windowMs) counter.failures.shift();
    return counter;
  };

  const idle = (counter: Counter) =>
    counter.pending === 0 && counter.lockedUntil === 0 && counter.failures.length === 0;

  const makeRoom = (at: number) => {
    if (counters.size < maxKeys) return;
    for (const [key, counter] of counters) if (idle(fresh(counter, at))) counters.delete(key);
    // Still full: forget the oldest entries rather than grow without bound; locks go last.
    for (const keepLocks of [true, false]) {
      for (const [key, counter] of counters) {
        if (counters.size < maxKeys) return;
        if (counter.pending === 0 && !(keepLocks && counter.lockedUntil !== 0)) counters.delete(key);
      }
    }
  };

  const get = (key: string, at: number): Counter => {
    let counter = counters.get(key);
    if (!counter) {
      makeRoom(at);
      counter = { failures: [], pending: 0, lockedUntil: 0 };
      counters.set(key, counter);
    }
    return fresh(counter, at);
  };

  const retryAfter = (counter: Counter, at: number): number | undefined => {
    if (counter.lockedUntil > at) return Math.max(1, Math.ceil((counter.lockedUntil - at) / 1000));
    // Not locked yet, but attempts already in flight would use up the remaining failures.
    if (counter.failures.length + counter.pending >= options.maxFailures) return 1;
    return undefined;
  };

  const release = (key: string, counter: Counter) => {
    counter.pending = Math.max(0, counter.pending - 1);
    if (idle(counter)) counters.delete(key);
  };

  return {
    begin(email, address) {
      const at = now();
      const accountKey = `account:${email}`;
      const addressKey = `address:${address}`;
      const account = get(accountKey, at);
      const origin = get(addressKey, at);
      const wait = Math.max(retryAfter(account, at) ?? 0, retryAfter(origin, at) ?? 0);
      if (wait > 0) {
        if (idle(account)) counters.delete(accountKey);
        if (idle(origin)) counters.delete(addressKey);
        const minutes = Math.ceil(wait / 60);
        throw new OutpostError(
          'rate_limited',
          `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or ask an admin to check the account.`,
          { retryAfterSeconds: wait },
        );
      }
      account.pending++;
      origin.pending++;
      let done = false;
      return {
        succeeded() {
          if (done) return;
          done = true;
          account.failures = [];
          release(accountKey, account);
          release(addressKey, origin);
        },
        failed() {
          if (done) return;
          done = true;
          const end = now();
          for (const counter of [account, origin]) {
            fresh(counter, end);
            counter.failures.push(end);
            if (counter.failures.length >= options.maxFailures) counter.lockedUntil = end + windowMs;
          }
          release(accountKey, account);
          release(addressKey, origin);
        },
      };
    },
    size: () => counters.size,
  };
}
