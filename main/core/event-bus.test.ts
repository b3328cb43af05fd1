import { describe, expect, it } from 'vitest';
import type { TopicName } from '../contract/index.js';
import { createEventBus } from './event-bus.js';
import { createLogger } from './logger.js';

const A = '01HAAAAAAAAAAAAAAAAAAAAAAA';
const B = '01HBBBBBBBBBBBBBBBBBBBBBBB';
const SITE = '01HCCCCCCCCCCCCCCCCCCCCCCC';

describe('event bus', () => {
  const logger = createLogger({ log: { level: 'silent' } });

  it("delivers a tenant's messages only to that tenant's subscribers of the topic", () => {
    const bus = createEventBus(logger);
    const seenA: [TopicName, unknown][] = [];
    const seenB: [TopicName, unknown][] = [];
    const seenUsersA: unknown[] = [];
    bus.subscribe(A, ['sites.changed'], (topic, payload) => seenA.push([topic, payload]));
    bus.subscribe(B, ['sites.changed', 'users.changed'], (topic, payload) => seenB.push([topic, payload]));
    bus.subscribe(A, ['users.changed'], (_topic, payload) => seenUsersA.push(payload));

    bus.publish(A, 'sites.changed', { siteId: SITE, action: 'created' });
    expect(seenA).toEqual([['sites.changed', { siteId: SITE, action: 'created' }]]);
    expect(seenB).toEqual([]);
    expect(seenUsersA).toEqual([]);
  });

  it('stops delivering after unsubscribe', () => {
    const bus = createEventBus(logger);
    const seen: unknown[] = [];
    const stop = bus.subscribe(A, ['sites.changed'], (_t, p) => seen.push(p));
    stop();
    stop();
    bus.publish(A, 'sites.changed', { siteId: SITE, action: 'updated' });
    expect(seen).toEqual([]);
  });

  it('keeps delivering when one subscriber throws', () => {
    const bus = createEventBus(logger);
    const seen: unknown[] = [];
    bus.subscribe(A, ['sites.changed'], () => {
      throw new Error('stream closed');
    });
    bus.subscribe(A, ['sites.changed'], (_t, p) => seen.push(p));
    bus.publish(A, 'sites.changed', { siteId: SITE, action: 'updated' });
    expect(seen).toHaveLength(1);
  });

  it('refuses a payload that does not match the topic', () => {
    const bus = createEventBus(logger);
    expect(() => bus.publish(A, 'sites.changed', { siteId: 'nope', action: 'created' })).toThrow();
  });
});
