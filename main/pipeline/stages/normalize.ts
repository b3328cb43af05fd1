import { z } from 'zod';
import { MediaMetaSchema, OutpostError, type FieldIssue } from '../../contract/index.js';
import { EVENT_KINDS, type EventKind, type MediaRef, type Severity } from '../event-types.js';
import { checkAttributes } from './attribute-limits.js';
import { parseEventTime, timeRangeProblem } from './event-time.js';
import { parseSeverity, SEVERITY_SPELLINGS } from './severity-names.js';
import { cleanAttributes, cleanLine, cleanMessage, fitsUtf8 } from './text-cleaning.js';

/** An event after validation and cleaning: every field present, nothing left to guess. */
export interface NormalizedEvent {
  externalId: string | null;
  /** UTC ms when it happened (the receive time when the sender gave none). */
  time: number;
  /** UTC ms when Outpost received it. */
  receivedAt: number;
  message: string;
  severity: Severity;
  kind: EventKind;
  device: string | null;
  label: string | null;
  attributes: Record<string, unknown>;
  media: MediaRef[];
  /**
   * Characters of its text (message, device, label, external id, attributes) replaced by U+FFFD
   * because the text rule refuses them (controls, bidi overrides, lone surrogates); 0 when clean.
   */
  textReplaced: number;
}

export const MAX_MESSAGE_BYTES = 64 * 1024;
export const MAX_NAME_LENGTH = 200;
const MAX_MEDIA = 16;

/** A one-line text field: cleaned (see text-cleaning.ts), trimmed, empty → null. */
function lineField(max: number) {
  return z
    .union([z.string(), z.number()], { error: 'Must be text' })
    .nullish()
    .transform((value, ctx) => {
      if (value === null || value === undefined) return null;
      const cleaned = cleanLine(String(value));
      if (cleaned.text.length > max) {
        ctx.issues.push({
          code: 'custom',
          input: value,
          message: `Must be at most ${max} characters (got ${cleaned.text.length})`,
        });
        return z.NEVER;
      }
      return cleaned.text === '' ? null : cleaned;
    });
}

const MediaRefSchema = z.object({
  kind: z.enum(['snapshot', 'clip']),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'Must be 64 lowercase hex characters'),
  contentType: z.string().min(1).max(100),
  size: z.number().int().nonnegative(),
  meta: MediaMetaSchema.optional(),
});

const RawEventSchema = z.object(
  {
    externalId: lineField(MAX_NAME_LENGTH),
    time: z
      .union([z.number(), z.string()], { error: 'Must be milliseconds since 1970 or an ISO 8601 time' })
      .nullish()
      .transform((value, ctx) => {
        if (value === null || value === undefined) return null;
        const parsed = parseEventTime(value);
        if (parsed.ok) return parsed.ms;
        ctx.issues.push({ code: 'custom', input: value, message: parsed.message });
        return z.NEVER;
      }),
    message: z
      .string({ error: (issue) => (issue.input === undefined ? 'Required: the text of the event' : 'Must be text') })
      .transform((value, ctx) => {
        const cleaned = cleanMessage(value);
        // Nothing but replaced characters is no message either.
        if ((cleaned.replaced > 0 ? cleaned.text.replaceAll('\uFFFD', '').trim() : cleaned.text) === '') {
          ctx.issues.push({ code: 'custom', input: value, message: 'Must not be empty' });
          return z.NEVER;
        }
        if (!fitsUtf8(cleaned.text, MAX_MESSAGE_BYTES)) {
          ctx.issues.push({
            code: 'custom',
            input: '(too large to echo)',
            message: 'Must be at most 64 KiB; split the event or attach bulky data as media',
          });
          return z.NEVER;
        }
        return cleaned;
      }),
    severity: z
      .unknown()
      .optional()
      .transform((value, ctx): Severity => {
        if (value === null || value === undefined || value === '') return 'info';
        const severity = parseSeverity(value);
        if (severity) return severity;
        ctx.issues.push({ code: 'custom', input: value, message: `Must be one of ${SEVERITY_SPELLINGS}` });
        return z.NEVER;
      }),
    kind: z
      .enum(EVENT_KINDS, { error: `Must be one of ${EVENT_KINDS.join(', ')}` })
      .nullish()
      .transform((value): EventKind => value ?? 'log'),
    device: lineField(MAX_NAME_LENGTH),
    label: lineField(MAX_NAME_LENGTH),
    attributes: z
      .unknown()
      .optional()
      .transform((value, ctx) => {
        const checked = checkAttributes(value);
        if (checked.ok) return checked.value;
        ctx.issues.push({ code: 'custom', input: '(attributes)', message: checked.message });
        return z.NEVER;
      }),
    media: z
      .array(MediaRefSchema)
      .max(MAX_MEDIA, `At most ${MAX_MEDIA} media files per event`)
      .nullish()
      .transform((value) => value ?? []),
  },
  { error: 'An event must be a JSON object with at least a "message"' },
);

function issuesOf(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/** The time field's range problem, checked even when other fields failed so every issue is reported. */
function timeIssue(raw: unknown, parsedTime: number | null | undefined, now: number): FieldIssue | null {
  let ms = parsedTime;
  if (ms === undefined) {
    const value = typeof raw === 'object' && raw !== null ? (raw as { time?: unknown }).time : undefined;
    if (typeof value !== 'number' && typeof value !== 'string') return null;
    const parsed = parseEventTime(value);
    ms = parsed.ok ? parsed.ms : null;
  }
  if (ms === null) return null;
  const problem = timeRangeProblem(ms, now);
  return problem ? { path: 'time', message: problem } : null;
}

/** The fields a log line usually comes with; an event with any other field takes the schema's path. */
const PLAIN_FIELDS = new Set(['message', 'device', 'label', 'severity']);

function plainLine(value: unknown): { text: string; replaced: number } | null | undefined {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') return undefined;
  const cleaned = cleanLine(value);
  if (cleaned.text.length > MAX_NAME_LENGTH) return undefined;
  return cleaned.text === '' ? null : cleaned;
}

/**
 * The common log line ({message, device?, label?, severity?}, all valid) without the schema: zod
 * took about 18 µs of CPU per line, the largest single cost of the whole pipeline (issue 11). It
 * cleans and checks each field exactly as RawEventSchema does, and returns undefined for anything
 * else (another field, another type, a value the schema refuses), which then goes through the
 * schema for its result or its error messages; normalize.test.ts holds both paths to one answer.
 */
function normalizePlain(raw: unknown, now: number): NormalizedEvent | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  if (Object.getPrototypeOf(raw) !== Object.prototype) return undefined;
  const fields = raw as Record<string, unknown>;
  for (const key in fields) if (!PLAIN_FIELDS.has(key)) return undefined;
  if (typeof fields.message !== 'string') return undefined;
  const message = cleanMessage(fields.message);
  if (message.replaced > 0 || message.text === '' || !fitsUtf8(message.text, MAX_MESSAGE_BYTES)) return undefined;
  const device = plainLine(fields.device);
  const label = plainLine(fields.label);
  if (device === undefined || label === undefined) return undefined;
  const given = fields.severity;
  const severity = given === undefined || given === null || given === '' ? 'info' : parseSeverity(given);
  if (severity === null) return undefined;
  return {
    externalId: null,
    time: now,
    receivedAt: now,
    message: message.text,
    severity,
    kind: 'log',
    device: device?.text ?? null,
    label: label?.text ?? null,
    attributes: {},
    media: [],
    textReplaced: (device?.replaced ?? 0) + (label?.replaced ?? 0),
  };
}

/**
 * Validates and cleans what a source sent. Throws OutpostError `invalid_input` listing every failing
 * field (`issues[].path` is the field name); nothing is truncated or guessed.
 */
export function normalizeEvent(raw: unknown, now: number): NormalizedEvent {
  return normalizePlain(raw, now) ?? normalizeWithSchema(raw, now);
}

/** normalizeEvent through RawEventSchema alone (every event the plain path does not take). */
export function normalizeWithSchema(raw: unknown, now: number): NormalizedEvent {
  const result = RawEventSchema.safeParse(raw);
  const issues = result.success ? [] : issuesOf(result.error);
  const time = timeIssue(raw, result.success ? result.data.time : undefined, now);
  if (time) issues.push(time);
  if (!result.success || issues.length > 0) {
    const list = issues.map((i) => `${i.path || '(event)'}: ${i.message}`).join('; ');
    throw new OutpostError('invalid_input', `Invalid event: ${list}`, { issues });
  }
  const data = result.data;
  const attributes = cleanAttributes(data.attributes);
  return {
    externalId: data.externalId?.text ?? null,
    time: data.time ?? now,
    receivedAt: now,
    message: data.message.text,
    severity: data.severity,
    kind: data.kind,
    device: data.device?.text ?? null,
    label: data.label?.text ?? null,
    attributes: attributes.value,
    media: data.media,
    textReplaced:
      data.message.replaced +
      (data.externalId?.replaced ?? 0) +
      (data.device?.replaced ?? 0) +
      (data.label?.replaced ?? 0) +
      attributes.replaced,
  };
}
