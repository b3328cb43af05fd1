import type { PortLike } from '../core-messages.js';

/** Two connected ports that deliver structured clones asynchronously, as MessagePorts do. */
export function portPair(): [PortLike, PortLike] {
  const listeners: [Array<(e: { data: unknown }) => void>, Array<(e: { data: unknown }) => void>] = [[], []];
  const make = (self: 0 | 1): PortLike => ({
    postMessage(message) {
      const data = structuredClone(message);
      setImmediate(() => listeners[self === 0 ? 1 : 0].forEach((fn) => fn({ data })));
    },
    on(_event, listener) {
      listeners[self].push(listener);
    },
  });
  return [make(0), make(1)];
}
