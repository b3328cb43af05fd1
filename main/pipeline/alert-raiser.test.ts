import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPipelineStore } from '../store/test-support/index.js';
import type { SiteScope, Store } from '../store/index.js';
import { createAlertRaiser } from './alert-raiser.js';
import { createWebhookNotifier } from './webhook-notifier.js';

describe('createAlertRaiser: a batch of signals', () => {
  let ctx: Awaited<ReturnType<typeof openPipelineStore>>;
  let store: Store;
  let a: SiteScope;
  let b: SiteScope;
  const published: { tenantId: string; payload: { title: string; created: boolean } }[] = [];
  const errors: { dedupeKey?: string }[] = [];

  beforeEach(async () => {
    ctx = await openPipelineStore();
    ({ store, a, b } = ctx);
    published.length = 0;
    errors.length = 0;
  });
  afterEach(() => ctx?.close());

  function raiser() {
    const logger = {
      info() {},
      warn() {},
      debug() {},
      error: (fields: object) => void errors.push(fields as { dedupeKey?: string }),
    };
    const notifier = createWebhookNotifier({
      webhooks: [],
      logger,
      fetch: () => Promise.reject(new Error('no webhook is configured')),
    });
    return createAlertRaiser({
      store,
      bus: { publish: (tenantId, _topic, payload) => void published.push({ tenantId, payload: payload as never }) },
      notifier,
      logger,
      now: () => 5_000,
    });
  }

  const errorEvent = (message: string, at: number) => ({
    type: 'event' as const,
    eventId: `e-${at}`,
    groupId: 'g1',
    severity: 'error' as const,
    message,
    device: null,
    at,
  });

  it('opens one alert per dedupe key across the sites of a batch, and touches it on the next batch', () => {
    for (const scope of [a, b]) {
      store.alertRules.create(scope, {
        type: 'severity',
        name: 'Errors',
        atLeast: 'error',
        severity: 'warning',
        enabled: true,
        siteId: null,
      });
    }
    const alerts = raiser();
    alerts.raiseMany([
      { scope: a, signals: [errorEvent('Disk full', 1000), errorEvent('Disk full', 1001)] },
      { scope: b, signals: [errorEvent('Fan stopped', 1002)] },
    ]);
    expect(store.alerts.list(a, { limit: 10 }).items).toHaveLength(1);
    expect(store.alerts.list(b, { limit: 10 }).items).toHaveLength(1);
    expect(published.map((p) => p.payload.created)).toEqual([true, true]);

    alerts.raiseMany([{ scope: a, signals: [errorEvent('Disk full', 2000)] }]);
    expect(store.alerts.list(a, { limit: 10 }).items[0]).toMatchObject({ occurrences: 2, lastSeenAt: 2000 });
    expect(published.at(-1)?.payload.created).toBe(false);
  });

  it('still writes the other alerts of a batch when one of them cannot be written', () => {
    // A rule whose severity the alerts table refuses (its CHECK): its alert cannot be stored.
    store.alertRules.create(a, {
      type: 'severity',
      name: 'Broken',
      atLeast: 'error',
      severity: 'bogus' as never,
      enabled: true,
      siteId: null,
    });
    store.alertRules.create(a, { type: 'new-group', name: 'New', severity: 'info', enabled: true, siteId: null });
    raiser().raiseMany([
      {
        scope: a,
        signals: [errorEvent('Disk full', 1000), { type: 'new-group', groupId: 'g2', template: 'Fan <*>', at: 1000 }],
      },
    ]);
    const stored = store.alerts.list(a, { limit: 10 }).items;
    expect(stored).toHaveLength(1);
    expect(stored[0]!.title).toMatch(/Fan <\*>/);
    expect(errors).toHaveLength(1);
  });
});
