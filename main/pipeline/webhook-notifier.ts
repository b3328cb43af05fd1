import {
  ConsecutiveBreaker,
  ExponentialBackoff,
  circuitBreaker,
  handleAll,
  handleWhen,
  retry,
  wrap,
  type IPolicy,
} from 'cockatiel';
import { outboundRefusal, type GuardedFetch } from '../outbound/index.js';
import type { SourceLogger } from './sources/source-types.js';

export const ALERT_SEVERITY_ORDER = ['info', 'warning', 'critical'] as const;
export type AlertSeverityName = (typeof ALERT_SEVERITY_ORDER)[number];

export interface OutgoingWebhook {
  url: string;
  /** Alerts below this severity are not sent to this URL. */
  minSeverity: AlertSeverityName;
}

export interface WebhookNotifierOptions {
  webhooks: readonly OutgoingWebhook[];
  logger: SourceLogger;
  /** The outbound guard's fetch: a receiver on a refused address is never contacted. */
  fetch: GuardedFetch;
  /** Attempts per notification, the first included. */
  maxAttempts?: number;
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Per-attempt time limit. */
  timeoutMs?: number;
  /** Notifications waiting or in flight per URL; beyond this the oldest news is dropped, never ingestion. */
  maxInFlight?: number;
}

/** What an outgoing webhook receives (JSON). */
export interface AlertNotification {
  type: 'alert';
  tenantId: string;
  alert: { id: string; severity: AlertSeverityName; title: string; [key: string]: unknown };
}

export interface WebhookNotifier {
  /** Sends in the background; never throws and never waits for the receiver. */
  notify(notification: AlertNotification): void;
  /** Resolves once every send in flight settled (used by tests and before closing). */
  idle(): Promise<void>;
  /** Aborts what is in flight. */
  close(): Promise<void>;
}

class WebhookStatusError extends Error {}

/**
 * Outgoing webhooks for alerts. Each URL has its own retry (exponential backoff with jitter) and
 * circuit breaker, so one dead receiver neither delays another nor the pipeline.
 */
export function createWebhookNotifier(options: WebhookNotifierOptions): WebhookNotifier {
  const controller = new AbortController();
  const inFlight = new Set<Promise<void>>();
  const targets = options.webhooks.map((hook) => ({
    hook,
    pending: 0,
    policy: wrap(
      // The guard's refusal will not change by asking again: only other failures are retried.
      retry(
        handleWhen((err) => !outboundRefusal(err)),
        {
          maxAttempts: Math.max(0, (options.maxAttempts ?? 5) - 1),
          backoff: new ExponentialBackoff({
            initialDelay: options.initialDelayMs ?? 500,
            maxDelay: options.maxDelayMs ?? 30_000,
          }),
        },
      ),
      circuitBreaker(handleAll, { halfOpenAfter: 30_000, breaker: new ConsecutiveBreaker(10) }),
    ) as IPolicy,
  }));
  const maxInFlight = options.maxInFlight ?? 100;
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function post(url: string, body: string, cancelled: AbortSignal): Promise<void> {
    const signal = AbortSignal.any([cancelled, AbortSignal.timeout(timeoutMs)]);
    const response = await options.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Outpost' },
      body,
      signal,
    });
    await response.body?.cancel();
    if (!response.ok) throw new WebhookStatusError(`answered HTTP ${response.status}`);
  }

  return {
    notify(notification) {
      if (controller.signal.aborted) return;
      const rank = ALERT_SEVERITY_ORDER.indexOf(notification.alert.severity);
      const body = JSON.stringify(notification);
      for (const target of targets) {
        if (rank < ALERT_SEVERITY_ORDER.indexOf(target.hook.minSeverity)) continue;
        if (target.pending >= maxInFlight) {
          options.logger.warn(
            { url: target.hook.url, alertId: notification.alert.id },
            'Outgoing webhook is backed up; this alert notification is dropped',
          );
          continue;
        }
        target.pending++;
        const sending = target.policy
          .execute(({ signal }) => post(target.hook.url, body, signal), controller.signal)
          .catch((err: unknown) => {
            if (controller.signal.aborted) return;
            const refusal = outboundRefusal(err);
            if (refusal) {
              options.logger.warn(
                {
                  url: target.hook.url,
                  alertId: notification.alert.id,
                  address: refusal.address,
                  err: refusal.message,
                },
                'Outgoing webhook refused by the address guard; allow its range in outbound.allow if it is meant',
              );
              return;
            }
            options.logger.warn(
              { url: target.hook.url, alertId: notification.alert.id, err: String(err) },
              'Outgoing webhook failed after retries; check the receiver at this URL',
            );
          })
          .finally(() => {
            target.pending--;
            inFlight.delete(sending);
          });
        inFlight.add(sending);
      }
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    async close() {
      controller.abort();
      await Promise.allSettled([...inFlight]);
    },
  };
}
