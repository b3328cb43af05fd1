import {
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  circuitBreaker,
  handleAll,
  isBrokenCircuitError,
  TaskCancelledError,
  type CircuitBreakerPolicy,
  type IBackoff,
} from 'cockatiel';
import type { HealthCell } from './source-health.js';
import { describeFailure } from './source-health.js';

/** How a source retries. One set per supervisor; every source gets its own breaker and backoff. */
export interface ResilienceOptions {
  /** Consecutive failures that open the breaker (default 5). */
  breakerThreshold: number;
  /** How long the breaker stays open before a half-open probe (default 30 s). */
  breakerCooldownMs: number;
  /** First retry delay (default 500 ms); doubles with decorrelated jitter up to maxBackoffMs. */
  initialBackoffMs: number;
  maxBackoffMs: number;
}

export const DEFAULT_RESILIENCE: ResilienceOptions = {
  breakerThreshold: 5,
  breakerCooldownMs: 30_000,
  initialBackoffMs: 500,
  maxBackoffMs: 60_000,
};

/**
 * One source's breaker and backoff. The breaker's state is mirrored into the health cell, so
 * `breaker: "open"` (and `state: "down"`) is what the user sees while calls are short-circuited.
 */
export interface SourceResilience {
  breaker: CircuitBreakerPolicy;
  /** Records a failure in health and returns how long to wait before the next attempt. */
  failed(err: unknown, timeoutMessage: string): number;
  /** Records success: the backoff starts over. */
  succeeded(): void;
  dispose(): void;
}

export function createSourceResilience(options: ResilienceOptions, health: HealthCell): SourceResilience {
  const breaker = circuitBreaker(handleAll, {
    halfOpenAfter: options.breakerCooldownMs,
    breaker: new ConsecutiveBreaker(options.breakerThreshold),
  });
  const listener = breaker.onStateChange((state) => {
    if (state === CircuitState.Open || state === CircuitState.Isolated) health.breaker('open');
    else if (state === CircuitState.HalfOpen) health.breaker('half-open');
    else health.breaker('closed');
  });
  const factory = new ExponentialBackoff({
    initialDelay: options.initialBackoffMs,
    maxDelay: options.maxBackoffMs,
  });
  let backoff: IBackoff<unknown> | undefined;

  return {
    breaker,
    failed(err, timeoutMessage) {
      // Short-circuited by the open breaker: nothing new failed, wait for the half-open probe.
      if (isBrokenCircuitError(err)) return options.breakerCooldownMs;
      // instanceof, not cockatiel's isTaskCancelledError: in 3.x that helper tests the bulkhead flag.
      const message = err instanceof TaskCancelledError ? timeoutMessage : describeFailure(err);
      health.fail(message, breaker.state === CircuitState.Closed ? 'degraded' : 'down');
      backoff = backoff === undefined ? factory.next() : backoff.next(undefined);
      return backoff.duration;
    },
    succeeded() {
      backoff = undefined;
      health.ok();
    },
    dispose() {
      listener.dispose();
    },
  };
}
