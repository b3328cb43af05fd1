import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SiteScope } from '../store/index.js';
import { openPipelineStore } from '../store/test-support/index.js';
import { createEventBus, createLogger } from '../core/index.js';
import { statusTouchingBus } from './status-touch.js';

let fx: Awaited<ReturnType<typeof openPipelineStore>>;
beforeEach(async () => {
  fx = await openPipelineStore();
});
afterEach(() => fx.close());

describe('statusTouchingBus', () => {
  it('touches the site of stored events and changed alerts, in any tenant, and still delivers', () => {
    const touched: SiteScope[] = [];
    const bus = statusTouchingBus(createEventBus(createLogger({ log: { level: 'silent' } })), fx.store, (scope) =>
      touched.push(scope),
    );
    const delivered: string[] = [];
    bus.subscribe(fx.b.tenantId, ['events.created', 'alerts.changed'], (topic) => delivered.push(topic));
    const rule = fx.store.alertRules.create(fx.b, {
      name: 'r',
      type: 'new-group',
      severity: 'warning',
      enabled: true,
      siteId: null,
    });
    const { alert } = fx.store.alerts.openOrTouch(fx.b, {
      ruleId: rule.id,
      dedupeKey: 'k',
      title: 't',
      detail: '',
      severity: 'critical',
    });

    bus.publish(fx.b.tenantId, 'events.created', { ids: [], siteId: fx.b.siteId });
    bus.publish(fx.b.tenantId, 'alerts.changed', {
      alertId: alert.id,
      state: 'open',
      title: 't',
      severity: 'critical',
      created: true,
    });
    // Another tenant's alert id finds nothing: no touch across tenants.
    bus.publish(fx.a.tenantId, 'alerts.changed', {
      alertId: alert.id,
      state: 'open',
      title: 't',
      severity: 'critical',
      created: false,
    });
    bus.publish(fx.b.tenantId, 'sites.changed', { siteId: fx.b.siteId, action: 'updated' });

    expect(touched).toEqual([fx.b, fx.b]);
    expect(delivered).toEqual(['events.created', 'alerts.changed']);
  });
});
