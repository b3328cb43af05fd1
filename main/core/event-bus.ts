import { topics, type TopicName, type TopicPayload } from '../contract/index.js';
import type { TopicListener } from './slice-kit/call-types.js';
import type { Logger } from './logger.js';

export interface EventBus {
  /** Delivers to the tenant's subscribers of `topic` only. The payload is checked against the topic's schema. */
  publish<T extends TopicName>(tenantId: string, topic: T, payload: TopicPayload<T>): void;
  /** Returns a function that ends the subscription. */
  subscribe(tenantId: string, topicNames: readonly TopicName[], listener: TopicListener): () => void;
  /** Drops every subscription (on shutdown). */
  clear(): void;
}

interface Subscription {
  topics: ReadonlySet<TopicName>;
  listener: TopicListener;
}

export function createEventBus(logger: Logger): EventBus {
  const byTenant = new Map<string, Set<Subscription>>();

  return {
    publish(tenantId, topic, payload) {
      // A wrong payload is a bug in the publisher; failing here keeps it from reaching the renderer.
      const checked = topics[topic].parse(payload) as TopicPayload<typeof topic>;
      const subscriptions = byTenant.get(tenantId);
      if (!subscriptions) return;
      for (const subscription of [...subscriptions]) {
        if (!subscription.topics.has(topic)) continue;
        try {
          subscription.listener(topic, checked);
        } catch (err) {
          // One broken subscriber (a closed SSE stream) must not stop delivery to the others.
          logger.warn({ err, topic }, 'A live-update subscriber failed; it keeps its subscription');
        }
      }
    },

    subscribe(tenantId, topicNames, listener) {
      const subscription: Subscription = { topics: new Set(topicNames), listener };
      let subscriptions = byTenant.get(tenantId);
      if (!subscriptions) byTenant.set(tenantId, (subscriptions = new Set()));
      subscriptions.add(subscription);
      return () => {
        const current = byTenant.get(tenantId);
        if (!current) return;
        current.delete(subscription);
        if (current.size === 0) byTenant.delete(tenantId);
      };
    },

    clear() {
      byTenant.clear();
    },
  };
}
