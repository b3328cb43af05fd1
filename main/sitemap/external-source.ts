import {
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  circuitBreaker,
  handleAll,
  handleWhen,
  isBrokenCircuitError,
  retry,
  wrap,
} from 'cockatiel';
import type { ExternalStatusConfig } from '../contract/index.js';
import type { GuardedFetch } from '../outbound/index.js';
import { extractStatuses, type ExtractedStatuses } from './external-status.js';
import { StatusFetchError, fetchStatusJson, upstreamName } from './external-fetch.js';

/** How one site's external status API is asked: a few quick retries, then a breaker that pauses it. */
export interface ExternalPolicy {
  /** Requests per read, the first included (default 3). */
  attempts: number;
  /** First retry delay; doubles with decorrelated jitter up to maxDelayMs. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** Failed reads in a row (each after its retries) that open the breaker (default 5). */
  breakerThreshold: number;
  /** How long an open breaker refuses reads before one probe is let through (default 30 s). */
  breakerCooldownMs: number;
}

export const DEFAULT_EXTERNAL_POLICY: ExternalPolicy = {
  attempts: 3,
  initialDelayMs: 200,
  maxDelayMs: 2_000,
  breakerThreshold: 5,
  breakerCooldownMs: 30_000,
};

export interface ExternalStatusSource {
  readonly config: ExternalStatusConfig;
  /** Reads the items; throws StatusFetchError (or OutpostError for a list that is not where the settings say). */
  read(signal?: AbortSignal): Promise<ExtractedStatuses>;
  /** For health views and tests. */
  breakerState(): 'closed' | 'open' | 'half-open';
}

/**
 * One site's external status source. The breaker wraps the retries, so it counts failed reads, not
 * single requests: five polls that each failed three times open it, and while it is open the upstream
 * is not asked at all. Only failures that may pass (timeouts, network errors, 5xx, 429) are retried;
 * a 401 or a web page instead of JSON fails at once, since asking again will not change the answer.
 */
export function createExternalStatusSource(
  config: ExternalStatusConfig,
  fetch: GuardedFetch,
  policy: ExternalPolicy = DEFAULT_EXTERNAL_POLICY,
): ExternalStatusSource {
  const retries = retry(
    handleWhen((err) => err instanceof StatusFetchError && err.retryable),
    {
      maxAttempts: Math.max(0, policy.attempts - 1),
      backoff: new ExponentialBackoff({ initialDelay: policy.initialDelayMs, maxDelay: policy.maxDelayMs }),
    },
  );
  const breaker = circuitBreaker(handleAll, {
    halfOpenAfter: policy.breakerCooldownMs,
    breaker: new ConsecutiveBreaker(policy.breakerThreshold),
  });
  const resilient = wrap(breaker, retries);
  // Shown while the breaker is open, so the user still learns what is wrong (each audience its own text).
  let lastError = { message: '', publicMessage: '' };

  return {
    config,
    async read(signal) {
      let json: unknown;
      try {
        json = await resilient.execute(({ signal: s }) => fetchStatusJson(config, { fetch, signal: s }), signal);
      } catch (err) {
        if (isBrokenCircuitError(err)) {
          const seconds = Math.round(policy.breakerCooldownMs / 1000);
          const paused = `The status API at ${upstreamName(config.url)} failed ${policy.breakerThreshold} times in a row, so Outpost waits ${seconds} s before asking it again. Last error:`;
          throw new StatusFetchError(`${paused} ${lastError.message}`, false, {
            cause: err,
            publicMessage: `${paused} ${lastError.publicMessage}`,
          });
        }
        const message = err instanceof Error ? err.message : String(err);
        lastError = { message, publicMessage: err instanceof StatusFetchError ? err.publicMessage : message };
        throw err;
      }
      return extractStatuses(config, json);
    },
    breakerState() {
      if (breaker.state === CircuitState.HalfOpen) return 'half-open';
      return breaker.state === CircuitState.Closed ? 'closed' : 'open';
    },
  };
}
