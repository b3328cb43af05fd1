import { vi } from 'vitest';
import type { Event } from '../../main/contract/index.js';

/** Test helpers shared by the store tests (imported only by *.test.ts files). */
export function event(id: string, time: number, extra: Partial<Event> = {}): Event {
  return {
    id: id.padEnd(26, '0'),
    siteId: 'S'.padEnd(26, '0'),
    sourceId: 'R'.padEnd(26, '0'),
    externalId: null,
    groupId: 'G'.padEnd(26, '0'),
    time,
    receivedAt: time,
    severity: 'info',
    kind: 'log',
    device: null,
    label: null,
    message: `message ${id}`,
    category: null,
    attributes: {},
    media: [],
    acknowledgedAt: null,
    acknowledgedBy: null,
    ...extra,
  };
}

export function fakeApi(handlers: Record<string, (input: never) => Promise<unknown>>) {
  const listeners = new Map<string, (payload: unknown) => void>();
  const unsubscribe = vi.fn();
  const raw = {
    call: vi.fn((method: string, input: unknown) => {
      const handler = handlers[method];
      if (!handler) throw new Error(`no fake for ${method}`);
      return handler(input as never);
    }),
    subscribe: vi.fn((topic: string, listener: (payload: unknown) => void) => {
      listeners.set(topic, listener);
      return unsubscribe;
    }),
  };
  return { api: raw as never, raw, listeners, unsubscribe };
}
