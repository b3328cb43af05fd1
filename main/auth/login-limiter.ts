import { OutpostError } from '../contract/index.js';
import { addressKey } from './address-key.js';

export interface LoginLimiterOptions {
  /** Failures a key may have before every further attempt waits (per account, and per address). */
  maxFailures: number;
  /** The longest wait between attempts; failures are forgotten this long after the last wait ends. */
  windowMinutes: number;
  /** Most keys (accounts + addresses) remembered at once; idle ones are forgotten first. */
  maxKeys?: number;
  now?: () => number;
}

/** One login attempt in progress: report how it ended exactly once. */
export interface LoginAttempt {
  succeeded(): void;
  failed(): void;
}

export interface LoginLimiter {
  /**
   * Rejects with `rate_limited` (with the seconds to wait) when this attempt must wait for earlier
   * failures; otherwise starts an attempt, first waiting its turn while attempts in flight could
   * still bring the key to its limit. `account` names the account tried (tenant and email), whether
   * or not it exists; `familiar`: the account signed in from this address before (its usual computer).
   */
  begin(account: string, address: string, options?: { familiar?: boolean }): Promise<LoginAttempt>;
  /** How many keys are remembered (for tests and metrics). */
  size(): number;
}

interface Counter {
  failures: number;
  lastFailureAt: number;
  /** Attempts started but not finished: no more start than could fail before the limit. */
  pending: number;
  /** Attempts waiting for one in flight to finish (woken, all of them, when one does). */
  waiting: (() => void)[];
}

/** The first wait, doubled with every further failure up to the window. */
const FIRST_DELAY_MS = 1000;
/** Attempts that may wait their turn on one key; beyond it a burst is refused for a second. */
const MAX_WAITING = 256;

/**
 * Slows guessing down without letting anyone keep a user out (issue 8, row 7).
 *
 * Failures are counted per account (tenant + email, whether it exists or not) and per address
 * (an IPv4 address, or an IPv6 /64: one machine owns a whole /64). After `maxFailures` of them a
 * key makes every further attempt wait, 1 s after the next failure, then 2 s, 4 s … up to the
 * window (15 min by default); the failures are forgotten a window after the last wait ends.
 *
 * - An address that must wait is refused without its password being checked, for any account.
 * - An account that must wait is refused too, except from an address with no recent failures
 *   and no attempt in flight, or one the account signed in from before that is not waiting
 *   itself: that attempt is checked, and the right password signs in (and clears the account's
 *   count). So a guesser who slowed the account down cannot lock its owner out: the owner signs
 *   in from a machine that has not been failing, or from their usual one even after a typo. A
 *   wrong password makes an unfamiliar address a failing one, so each address guesses an account
 *   under attack once, and then waits like any other.
 * - A success clears the account's count, never the address's: signing in to one's own account
 *   must not reset an address that is guessing others.
 * - Only failures count. Attempts in flight are not refused: while they could still bring a key
 *   to its limit, a further attempt waits for one of them to finish. So ten people signing in at
 *   once behind one address all get in, and parallel guesses are checked no faster than one
 *   failure at a time once the free ones are used.
 *
 * Kept in memory: a restart forgets every count (as a successful sign-in would).
 */
export function createLoginLimiter(options: LoginLimiterOptions): LoginLimiter {
  const windowMs = options.windowMinutes * 60_000;
  const maxKeys = options.maxKeys ?? 10_000;
  const now = options.now ?? Date.now;
  const counters = new Map<string, Counter>();

  const delayAfter = (failures: number): number =>
    failures < options.maxFailures
      ? 0
      : Math.min(windowMs, FIRST_DELAY_MS * 2 ** Math.min(30, failures - options.maxFailures));

  /** Forgets failures once a window has passed since the last wait ended. */
  const fresh = (counter: Counter, at: number): Counter => {
    if (counter.failures > 0 && at >= counter.lastFailureAt + delayAfter(counter.failures) + windowMs) {
      counter.failures = 0;
    }
    return counter;
  };
  const idle = (counter: Counter) => counter.pending === 0 && counter.failures === 0 && counter.waiting.length === 0;
  const slowed = (counter: Counter) => counter.failures >= options.maxFailures;

  /** Milliseconds until the key may try again, for its failures alone (0: now). */
  const waitOf = (counter: Counter, at: number): number =>
    counter.failures < options.maxFailures ? 0 : Math.max(0, counter.lastFailureAt + delayAfter(counter.failures) - at);
  /** Attempts in flight that, failing, could bring the key to a wait: a further one takes its turn after them. */
  const busy = (counter: Counter): boolean =>
    counter.pending > 0 && counter.failures + counter.pending >= options.maxFailures;

  const makeRoom = (at: number) => {
    if (counters.size < maxKeys) return;
    for (const [key, counter] of counters) if (idle(fresh(counter, at))) counters.delete(key);
    // Still full: forget the oldest entries rather than grow without bound; slowed keys go last.
    for (const keepSlowed of [true, false]) {
      for (const [key, counter] of counters) {
        if (counters.size < maxKeys) return;
        if (counter.pending === 0 && !(keepSlowed && slowed(counter))) counters.delete(key);
      }
    }
  };
  const get = (key: string, at: number): Counter => {
    let counter = counters.get(key);
    if (!counter) {
      makeRoom(at);
      counter = { failures: 0, lastFailureAt: 0, pending: 0, waiting: [] };
      counters.set(key, counter);
    }
    return fresh(counter, at);
  };
  const forgetIfIdle = (key: string, counter: Counter) => {
    if (idle(counter)) counters.delete(key);
  };

  const start = (accountKey: string, acct: Counter, addressKeyed: string, origin: Counter): LoginAttempt => {
    acct.pending++;
    origin.pending++;
    let done = false;
    const finish = (ok: boolean) => {
      if (done) return;
      done = true;
      const end = now();
      acct.pending = Math.max(0, acct.pending - 1);
      origin.pending = Math.max(0, origin.pending - 1);
      if (ok) {
        acct.failures = 0;
      } else {
        for (const counter of [fresh(acct, end), fresh(origin, end)]) {
          counter.failures++;
          counter.lastFailureAt = end;
        }
      }
      // Those waiting their turn look again: each either starts, waits again, or is refused.
      for (const counter of [acct, origin]) for (const wake of counter.waiting.splice(0)) wake();
      forgetIfIdle(accountKey, acct);
      forgetIfIdle(addressKeyed, origin);
    };
    return { succeeded: () => finish(true), failed: () => finish(false) };
  };

  return {
    async begin(account, address, { familiar = false } = {}) {
      const accountKey = `account:${account}`;
      const addressKeyed = `address:${addressKey(address)}`;
      for (;;) {
        const at = now();
        const acct = get(accountKey, at);
        const origin = get(addressKeyed, at);
        const ownWait = waitOf(origin, at);
        const trusted = (origin.failures === 0 && origin.pending === 0) || (familiar && ownWait === 0);
        const wait = Math.max(ownWait, trusted ? 0 : waitOf(acct, at));
        if (wait > 0) {
          forgetIfIdle(accountKey, acct);
          forgetIfIdle(addressKeyed, origin);
          throw refusal(Math.ceil(wait / 1000));
        }
        const queue = busy(origin) ? origin : !trusted && busy(acct) ? acct : null;
        if (queue === null) return start(accountKey, acct, addressKeyed, origin);
        if (queue.waiting.length >= MAX_WAITING) {
          throw new OutpostError(
            'rate_limited',
            'Too many sign-in attempts at once from this address or for this account. Try again in a second.',
            { retryAfterSeconds: 1 },
          );
        }
        await new Promise<void>((resolve) => queue.waiting.push(resolve));
      }
    },
    size: () => counters.size,
  };
}

function refusal(seconds: number): OutpostError {
  const wait =
    seconds < 60
      ? `${seconds} second${seconds === 1 ? '' : 's'}`
      : `${Math.ceil(seconds / 60)} minute${Math.ceil(seconds / 60) === 1 ? '' : 's'}`;
  return new OutpostError(
    'rate_limited',
    `Too many failed sign-in attempts. Try again in ${wait}; from a computer that has not been failing, the right password works at once.`,
    { retryAfterSeconds: seconds },
  );
}
