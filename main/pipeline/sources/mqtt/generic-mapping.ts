import type { RawEvent } from '../../event-types.js';
import type { MqttMapping } from './mqtt-config.js';
import { isPlainObject, rejected, type MappedMessage } from './mapped-message.js';

/**
 * A device's message through a configured mapping. A JSON object payload is read through the
 * mapping's field paths and kept as `attributes.data`; anything else is plain text and is the
 * message itself.
 */
export function mappedEvent(mapping: MqttMapping, topic: string, payload: Buffer): MappedMessage {
  const text = payload.toString('utf8');
  const data = parseObject(text);
  const event: RawEvent = { message: text, kind: 'device', attributes: { topic } };
  if (mapping.device) event.device = mapping.device;
  if (!data) {
    if (text.trim() === '') return rejected(`Empty payload on ${topic}.`);
    return { event };
  }
  event.attributes = { topic, data };

  if (mapping.messageField) {
    const message = scalarAt(data, mapping.messageField);
    if (message === undefined) return missing(topic, mapping.messageField, mapping.topic);
    event.message = message;
  }
  const fields = [
    ['severityField', 'severity'],
    ['deviceField', 'device'],
    ['labelField', 'label'],
    ['externalIdField', 'externalId'],
  ] as const;
  for (const [option, target] of fields) {
    const path = mapping[option];
    if (!path) continue;
    const value = scalarAt(data, path);
    if (value === undefined) return missing(topic, path, mapping.topic);
    // Severity spellings (warn, 4, CRIT, …) are checked by the pipeline's normaliser.
    (event as unknown as Record<string, unknown>)[target] = value;
  }
  return { event };
}

function missing(topic: string, path: string, filter: string): MappedMessage {
  return rejected(
    `Message on ${topic} has no text or number at "${path}" (mapping for ${filter}); fix the sender or the mapping.`,
  );
}

function parseObject(text: string): Record<string, unknown> | undefined {
  if (!text.trimStart().startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return isPlainObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The text or number at a dot path (`a.b.0.c`), as text. */
export function scalarAt(data: unknown, path: string): string | undefined {
  let at: unknown = data;
  for (const key of path.split('.')) {
    if (Array.isArray(at) && /^\d+$/.test(key)) at = at[Number(key)];
    else if (isPlainObject(at) && Object.hasOwn(at, key)) at = at[key];
    else return undefined;
  }
  if (typeof at === 'string') return at.trim() === '' ? undefined : at;
  if (typeof at === 'number' && Number.isFinite(at)) return String(at);
  return undefined;
}
