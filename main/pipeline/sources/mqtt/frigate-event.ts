import type { RawEvent } from '../../event-types.js';
import { isPlainObject, rejected, type MappedMessage } from './mapped-message.js';

const FRIGATE_TYPES = ['new', 'update', 'end'] as const;

/** Frigate's event topic is `<topic_prefix>/events` (prefix `frigate` unless configured otherwise). */
export function isFrigateEventsTopic(topic: string): boolean {
  const levels = topic.split('/');
  return levels.length === 2 && levels[1] === 'events' && levels[0] !== '';
}

/**
 * One Frigate `events` message → one Outpost event. Frigate sends `new`, then `update`s, then
 * `end` for the same id, each carrying the whole current state in `after`; the Frigate id is the
 * externalId, so the pipeline updates one event in place instead of storing three.
 */
export function frigateEvent(topic: string, payload: Buffer): MappedMessage {
  let body: unknown;
  try {
    body = JSON.parse(payload.toString('utf8'));
  } catch {
    return rejected(
      `Frigate message on ${topic} is not JSON (${payload.length} bytes); expected {type, before, after}.`,
    );
  }
  if (!isPlainObject(body)) return rejected(`Frigate message on ${topic} is not a JSON object.`);
  const type = body.type;
  if (typeof type !== 'string' || !(FRIGATE_TYPES as readonly string[]).includes(type)) {
    return rejected(`Frigate message on ${topic} has type ${JSON.stringify(type)}; expected new, update or end.`);
  }
  const after = body.after;
  if (!isPlainObject(after)) return rejected(`Frigate message on ${topic} is missing the "after" object.`);
  for (const field of ['id', 'camera', 'label'] as const) {
    if (typeof after[field] !== 'string' || after[field] === '') {
      return rejected(`Frigate message on ${topic} is missing after.${field}.`);
    }
  }
  const id = after.id as string;
  const camera = after.camera as string;
  const label = after.label as string;
  const startTime = seconds(after.start_time);
  if (startTime === undefined && after.start_time !== undefined) {
    return rejected(`Frigate message on ${topic} has a non-numeric after.start_time.`);
  }

  const score = numberOr(after.top_score) ?? numberOr(after.score);
  const entered = stringList(after.entered_zones);
  const current = stringList(after.current_zones);
  const zones = entered.length > 0 ? entered : current;
  const subLabel = subLabelOf(after.sub_label);

  let message = `${label}${subLabel ? ` (${subLabel})` : ''} detected on ${camera}`;
  if (zones.length > 0) message += ` (zones: ${zones.join(', ')})`;
  if (score !== undefined) message += ` — score ${score.toFixed(2)}`;

  const event: RawEvent = {
    externalId: id,
    message,
    kind: 'detection',
    severity: 'info',
    device: camera,
    label,
    attributes: {
      frigateType: type,
      frigateId: id,
      zones,
      currentZones: current,
      score: score ?? null,
      subLabel: subLabel ?? null,
      hasSnapshot: after.has_snapshot === true,
      hasClip: after.has_clip === true,
      endTime: seconds(after.end_time) ?? null,
      ...(after.false_positive === true ? { falsePositive: true } : {}),
    },
  };
  if (startTime !== undefined) event.time = startTime;
  return { event };
}

/** Frigate times are float seconds; Outpost's are integer milliseconds. */
function seconds(value: unknown): number | undefined {
  const n = numberOr(value);
  return n === undefined ? undefined : Math.round(n * 1000);
}

function numberOr(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Older Frigate sends `sub_label` as a string, newer as `[name, score]`. */
function subLabelOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (Array.isArray(value) && typeof value[0] === 'string' && value[0] !== '') return value[0];
  return undefined;
}
