import type { SourceHealth } from './source-types.js';

/**
 * The live health of one source. Every change is announced, so Settings and `/healthz` show
 * the same picture the supervisor acts on.
 */
export interface HealthCell {
  get(): SourceHealth;
  /** Running and the last attempt succeeded: clears degraded/down (lastError stays for the record). */
  ok(): void;
  /** An attempt failed: `degraded` while retrying, `down` when the breaker is open or it cannot start. */
  fail(message: string, state: 'degraded' | 'down'): void;
  accepted(count: number, textReplaced?: number): void;
  rejected(reason: string): void;
  breaker(state: SourceHealth['breaker']): void;
  stopped(): void;
}

export function freshHealth(): SourceHealth {
  return {
    state: 'ok',
    lastError: null,
    lastErrorAt: null,
    lastEventAt: null,
    accepted: 0,
    rejected: 0,
    textReplaced: 0,
    breaker: 'closed',
  };
}

export function createHealthCell(onChange: (health: SourceHealth) => void): HealthCell {
  let health = freshHealth();
  const set = (patch: Partial<SourceHealth>): void => {
    // A stopped source stays stopped: late callbacks from an abandoned poll must not revive it.
    if (health.state === 'stopped' && patch.state !== undefined && patch.state !== 'stopped') return;
    health = { ...health, ...patch };
    onChange({ ...health });
  };
  return {
    get: () => ({ ...health }),
    ok() {
      if (health.state !== 'ok') set({ state: 'ok' });
    },
    fail(message, state) {
      set({ state, lastError: message, lastErrorAt: Date.now() });
    },
    accepted(count, textReplaced = 0) {
      if (count <= 0) return;
      set({
        accepted: health.accepted + count,
        textReplaced: health.textReplaced + textReplaced,
        lastEventAt: Date.now(),
      });
    },
    rejected(reason) {
      const state = health.state === 'ok' ? 'degraded' : health.state;
      set({ rejected: health.rejected + 1, lastError: reason, lastErrorAt: Date.now(), state });
    },
    breaker(state) {
      set(state === 'open' ? { breaker: state, state: 'down' } : { breaker: state });
    },
    stopped() {
      set({ state: 'stopped', breaker: 'closed' });
    },
  };
}

/** What a user reads as lastError: the message only, never a stack. */
export function describeFailure(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}
