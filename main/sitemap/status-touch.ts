import type { SiteScope, Store } from '../store/index.js';
import type { EventBus } from '../core/slice-kit/index.js';

/**
 * Wraps the bus so that what the pipeline publishes (events stored, alerts opened, acknowledged or
 * resolved) nudges the live status of that site: an internal site's map then changes colour within
 * the cache window, not at the next periodic recompute. Every tenant is covered, including ones
 * created later, which a per-tenant subscription would miss.
 */
export function statusTouchingBus(
  bus: EventBus,
  store: Pick<Store, 'alerts'>,
  touch: (scope: SiteScope) => void,
): EventBus {
  return {
    publish(tenantId, topic, payload) {
      bus.publish(tenantId, topic, payload);
      if (topic === 'events.created') {
        touch({ tenantId, siteId: (payload as { siteId: string }).siteId });
      } else if (topic === 'alerts.changed') {
        // The message names the alert, not its site.
        const alert = store.alerts.get({ tenantId }, (payload as { alertId: string }).alertId);
        if (alert) touch({ tenantId, siteId: alert.siteId });
      }
    },
    subscribe: (tenantId, topicNames, listener) => bus.subscribe(tenantId, topicNames, listener),
    clear: () => bus.clear(),
  };
}
