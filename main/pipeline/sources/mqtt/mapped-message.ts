import type { RawEvent } from '../../event-types.js';

/** What one MQTT message becomes: an event, or the reason it was rejected (counted in health). */
export type MappedMessage = { event: RawEvent } | { reject: string };

export function rejected(reason: string): MappedMessage {
  return { reject: reason };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
