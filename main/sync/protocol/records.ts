import { z } from 'zod';
import {
  AlertSeverity,
  AlertState,
  EventKind,
  EventSeverity,
  Id,
  MediaRefSchema,
  Millis,
  SyncDocKind,
} from '../../contract/index.js';
import { withoutPrototypeKeys } from './docs.js';

/*
 * What a site sends: each record is the current state of one row (read when it is sent, not when
 * it was queued) or one change that moves many rows at once (a merge). Every record applies
 * idempotently: applying it twice, or an older and a newer state in sequence order, ends in the
 * same state. Limits are the pipeline's own (a message is at most 64 KiB, attributes 32 KiB), with
 * room for escaping; anything larger is refused as poisoned input.
 */

const Text = (max: number) => z.string().max(max);
const Nullable = (max: number) => z.string().max(max).nullable();
/** JSON objects sent through; their size is bounded by the request, their keys by this check. */
const JsonObject = z
  .unknown()
  .refine(withoutPrototypeKeys, 'must not name __proto__, constructor or prototype')
  .pipe(z.record(z.string().max(200), z.unknown()));

export const EventRecord = z
  .object({
    type: z.literal('event'),
    id: Id,
    sourceId: Id,
    externalId: Nullable(1000),
    templateId: Id,
    groupId: Id,
    time: Millis,
    receivedAt: Millis,
    severity: EventSeverity,
    kind: EventKind,
    device: Nullable(1000),
    label: Nullable(1000),
    message: Text(200_000),
    category: Nullable(200),
    attributes: JsonObject,
    media: z.array(MediaRefSchema).max(64),
    acknowledgedAt: Millis.nullable(),
    acknowledgedBy: Nullable(320),
  })
  .strict();
export type EventRecord = z.infer<typeof EventRecord>;

export const TemplateState = z
  .object({
    id: Id,
    key: Text(200),
    template: Text(20_000),
    founding: z.boolean(),
    joinedBy: z.enum(['template', 'similarity']),
    similarity: z.number().min(-1).max(1).nullable(),
    joinedAt: Millis,
  })
  .strict();

export const GroupRecord = z
  .object({
    type: z.literal('group'),
    id: Id,
    template: Text(20_000),
    category: Nullable(200),
    tags: z.array(Text(64)).max(100),
    count: z.number().int().nonnegative(),
    firstSeen: Millis,
    lastSeen: Millis,
    severity: EventSeverity,
    mergedInto: Id.nullable(),
    templates: z.array(TemplateState).max(5000),
  })
  .strict();
export type GroupRecord = z.infer<typeof GroupRecord>;

/** Every event and template of `sourceId` now belongs to `targetId` (groups.merge). */
export const GroupMergeRecord = z.object({ type: z.literal('groupMerge'), sourceId: Id, targetId: Id }).strict();
/** A template and its events moved to another group (groups.split). */
export const TemplateMoveRecord = z
  .object({ type: z.literal('templateMove'), templateId: Id, fromGroupId: Id, toGroupId: Id })
  .strict();

export const AlertRecord = z
  .object({
    type: z.literal('alert'),
    id: Id,
    ruleId: Text(64),
    dedupeKey: Text(1000),
    state: AlertState,
    title: Text(2000),
    detail: Text(20_000),
    severity: AlertSeverity,
    groupId: Id.nullable(),
    device: Nullable(1000),
    occurrences: z.number().int().positive(),
    openedAt: Millis,
    lastSeenAt: Millis,
    acknowledgedAt: Millis.nullable(),
    acknowledgedBy: Nullable(320),
    resolvedAt: Millis.nullable(),
    resolvedBy: Nullable(320),
    note: Nullable(4000),
  })
  .strict();
export type AlertRecord = z.infer<typeof AlertRecord>;

export const AuditRecord = z
  .object({
    type: z.literal('audit'),
    id: Id,
    actorUserId: Id.nullable(),
    actorEmail: Text(320),
    action: Text(200),
    targetId: Nullable(200),
    detail: Text(64_000),
    outcome: z.enum(['ok', 'denied', 'failed']),
    transport: Text(32),
    address: Text(200),
    at: Millis,
  })
  .strict();
export type AuditRecord = z.infer<typeof AuditRecord>;

export const MediaRecord = z
  .object({
    type: z.literal('media'),
    id: Id,
    eventId: Id,
    parentId: Id.nullable(),
    kind: z.enum(['snapshot', 'clip', 'thumbnail', 'preview']),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    contentType: Text(100),
    size: z.number().int().nonnegative(),
    device: Nullable(1000),
    label: Nullable(1000),
    capturedAt: Millis,
    createdAt: Millis,
    meta: JsonObject,
    /** Whether the file is on the site's disk now (the hub keeps descriptions, never the files). */
    onSite: z.boolean(),
    removedReason: Nullable(1000),
    archived: z.boolean(),
  })
  .strict();
export type MediaRecord = z.infer<typeof MediaRecord>;

/**
 * A document changed on the site: its whole body (null: deleted) and the hub version it was
 * based on. The hub applies it only when that is still the hub's version; otherwise the site gets
 * the hub's version by pull and merges (see merge.ts).
 */
export const DocRecord = z
  .object({
    type: z.literal('doc'),
    kind: SyncDocKind,
    docId: Text(200),
    baseVersion: z.number().int().nonnegative(),
    body: z.unknown(),
  })
  .strict();
export type DocRecord = z.infer<typeof DocRecord>;

export const PushRecord = z.discriminatedUnion('type', [
  EventRecord,
  GroupRecord,
  GroupMergeRecord,
  TemplateMoveRecord,
  AlertRecord,
  AuditRecord,
  MediaRecord,
  DocRecord,
]);
export type PushRecord = z.infer<typeof PushRecord>;
export type PushRecordType = PushRecord['type'];
