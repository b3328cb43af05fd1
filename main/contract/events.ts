import { z } from 'zod';
import { defineMethod } from './method.js';
import { Id, Millis } from './common.js';

/** Same order as the pipeline's SEVERITIES (redeclared: the contract imports nothing but zod). */
export const EVENT_SEVERITIES = ['debug', 'info', 'notice', 'warning', 'error', 'critical'] as const;
export const EventSeverity = z.enum(EVENT_SEVERITIES);
export type EventSeverity = z.infer<typeof EventSeverity>;

export const EVENT_KINDS = ['log', 'detection', 'device', 'error'] as const;
export const EventKind = z.enum(EVENT_KINDS);
export type EventKind = z.infer<typeof EventKind>;

/** What ffprobe said of a stored file (a snapshot has no duration; a still has no frame rate). */
export const MediaMetaSchema = z
  .object({
    durationMs: z.number().int().nonnegative(),
    codec: z.string(),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    fps: z.number().positive(),
    bitrate: z.number().int().nonnegative(),
    /** Frames side by side in a preview strip. */
    frames: z.number().int().positive(),
  })
  .partial();
export type MediaMeta = z.infer<typeof MediaMetaSchema>;

/**
 * Where a file is: `available` on this machine; `archived` only in the site's archive (restore
 * brings it back); `expired` removed, `removedReason` says why (the event keeps its row).
 */
export const MEDIA_STATES = ['available', 'archived', 'expired'] as const;
export const MediaState = z.enum(MEDIA_STATES);
export type MediaState = z.infer<typeof MediaState>;

export const MediaRefSchema = z.object({
  kind: z.enum(['snapshot', 'clip']),
  sha256: z.string(),
  contentType: z.string(),
  size: z.number().int().nonnegative(),
  /** The media id (`GET /api/media/{id}`); absent only on files stored before media had ids. */
  id: z.string().optional(),
  meta: MediaMetaSchema.optional(),
  /** A WebP thumbnail (itself media: `GET /api/media/{thumbnailId}`), null until it is made. */
  thumbnailId: z.string().nullable().optional(),
  /** A strip of small frames of a clip, for scrubbing. */
  previewId: z.string().nullable().optional(),
  state: MediaState.optional(),
  removedReason: z.string().nullable().optional(),
  /** An operator asked to keep the event's media: retention never removes it. */
  kept: z.boolean().optional(),
});
export type MediaRefInfo = z.infer<typeof MediaRefSchema>;

export const Event = z.object({
  id: Id,
  siteId: Id,
  sourceId: Id,
  externalId: z.string().nullable(),
  /** Every event belongs to exactly one group (the group of its template). */
  groupId: Id,
  time: Millis,
  receivedAt: Millis,
  severity: EventSeverity,
  kind: EventKind,
  device: z.string().nullable(),
  label: z.string().nullable(),
  message: z.string(),
  category: z.string().nullable(),
  attributes: z.record(z.string(), z.unknown()),
  media: z.array(MediaRefSchema),
  acknowledgedAt: Millis.nullable(),
  acknowledgedBy: z.string().nullable(),
  /** The redaction rules that changed this event and how many times each did (absent: none did). */
  redactions: z.record(z.string(), z.number().int().nonnegative()).optional(),
});
export type Event = z.infer<typeof Event>;

/** Opaque keyset cursor handed back by list methods; pass it unchanged to get the next page. */
export const Cursor = z.string().min(1).max(200);
export const PageLimit = z.number().int().min(1, 'must be at least 1').max(500, 'must be at most 500');

export const ListEventsInput = z
  .object({
    siteId: Id.optional(),
    since: Millis.optional(),
    until: Millis.optional(),
    device: z.string().min(1).max(200).optional(),
    label: z.string().min(1).max(200).optional(),
    /** At least this severity. */
    severity: EventSeverity.optional(),
    groupId: Id.optional(),
    sourceId: Id.optional(),
    kind: EventKind.optional(),
    acknowledged: z.boolean().optional(),
    cursor: Cursor.optional(),
    limit: PageLimit.default(100),
  })
  .strict();
export type ListEventsInput = z.infer<typeof ListEventsInput>;

export const eventsMethods = {
  'events.list': defineMethod({
    name: 'events.list',
    summary: 'Events newest first, filtered; pass nextCursor back as cursor for the next page.',
    input: ListEventsInput,
    output: z.object({ items: z.array(Event), nextCursor: z.string().nullable() }),
    access: 'viewer',
    tenantScoped: true,
    mutates: false,
  }),
  'events.get': defineMethod({
    name: 'events.get',
    summary: 'One event with its group id, attributes and media.',
    input: z.object({ id: Id }).strict(),
    output: Event,
    access: 'viewer',
    tenantScoped: true,
    mutates: false,
  }),
  'events.acknowledge': defineMethod({
    name: 'events.acknowledge',
    summary: 'Marks events as seen by the caller; already acknowledged ones are left as they were.',
    input: z.object({ ids: z.array(Id).min(1, 'needs at least one id').max(500, 'takes at most 500 ids') }).strict(),
    output: z.object({ acknowledged: z.number().int().nonnegative() }),
    access: 'operator',
    tenantScoped: true,
    mutates: true,
  }),
};
