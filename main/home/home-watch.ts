import type { EventBus } from '../core/slice-kit/index.js';

/**
 * The bus, also handing every message (of every tenant, including tenants created later) to
 * `listener` after its subscribers: how the Home cache learns of changes without a subscription per
 * tenant, as the public map cache and the live status do (invalidatingBus, statusTouchingBus).
 */
export function homeWatchingBus(
  bus: EventBus,
  listener: (tenantId: string, topic: string, payload: unknown) => void,
): EventBus {
  return {
    publish(tenantId, topic, payload) {
      bus.publish(tenantId, topic, payload);
      listener(tenantId, topic, payload);
    },
    subscribe: (tenantId, topicNames, listener) => bus.subscribe(tenantId, topicNames, listener),
    clear: () => bus.clear(),
  };
}
