import type { Database } from '../../native/sqlite/index.js';
import type { MediaMeta, MediaRefInfo } from '../contract/index.js';
import { newId } from './ids.js';
import type { DeriveState, MediaKind, MediaRow } from './media-types.js';

export interface MediaRecord extends Omit<MediaRow, 'meta' | 'local' | 'kept'> {
  meta: string;
  local: number;
  kept: number;
}

export const MEDIA_COLUMNS = `m.id, m.tenant_id AS tenantId, m.site_id AS siteId, m.event_id AS eventId,
  m.parent_id AS parentId, m.kind, m.sha256, m.content_type AS contentType, m.size, m.device, m.label,
  m.captured_at AS capturedAt, m.created_at AS createdAt, m.meta, m.derive_state AS deriveState, m.local,
  m.removed_at AS removedAt, m.removed_reason AS removedReason, m.archive_object AS archiveObject,
  m.archive_bytes AS archiveBytes, m.archived_at AS archivedAt,
  EXISTS (SELECT 1 FROM media_keeps k WHERE k.event_id = m.event_id) AS kept`;

export function toMediaRow(r: MediaRecord): MediaRow {
  return { ...r, meta: JSON.parse(r.meta) as MediaMeta, local: r.local === 1, kept: r.kept === 1 };
}

interface MediaRowParams {
  id: string;
  tenantId: string;
  siteId: string;
  eventId: string;
  parentId: string | null;
  kind: MediaKind;
  sha256: string;
  contentType: string;
  size: number;
  device: string | null;
  label: string | null;
  capturedAt: number;
  createdAt: number;
  meta: string;
  deriveState: DeriveState;
}

/** The one INSERT of a media row; the event batch writer and `media.attach` share it. */
export function createMediaInsert(db: Database): (row: MediaRowParams) => void {
  const insert = db.prepare<[MediaRowParams]>(
    `INSERT INTO media (id, tenant_id, site_id, event_id, parent_id, kind, sha256, content_type, size, device, label,
       captured_at, created_at, meta, derive_state, local)
     VALUES (@id, @tenantId, @siteId, @eventId, @parentId, @kind, @sha256, @contentType, @size, @device, @label,
       @capturedAt, @createdAt, @meta, @deriveState, 1)`,
  );
  return (row) => void insert.run(row);
}

/**
 * Gives each new snapshot or clip of an event its media row (in the caller's transaction) and
 * returns the refs with their ids, as the event's media JSON keeps them. Refs that already have
 * an id (an update in place repeating earlier files) are left alone.
 */
export function mediaRowsFor(
  insert: (row: MediaRowParams) => void,
  event: {
    tenantId: string;
    siteId: string;
    eventId: string;
    device: string | null;
    label: string | null;
    time: number;
  },
  refs: readonly MediaRefInfo[],
  now: number,
): MediaRefInfo[] {
  return refs.map((ref) => {
    if (ref.id) return ref;
    const id = newId();
    insert({
      id,
      tenantId: event.tenantId,
      siteId: event.siteId,
      eventId: event.eventId,
      parentId: null,
      kind: ref.kind,
      sha256: ref.sha256,
      contentType: ref.contentType,
      size: ref.size,
      device: event.device,
      label: event.label,
      capturedAt: event.time,
      createdAt: now,
      meta: JSON.stringify(ref.meta ?? {}),
      deriveState: 'pending',
    });
    return {
      kind: ref.kind,
      sha256: ref.sha256,
      contentType: ref.contentType,
      size: ref.size,
      id,
      ...(ref.meta ? { meta: ref.meta } : {}),
    };
  });
}

/** How an event shows one of its files: where it is, its thumbnail and strip, and whether it is kept. */
export function describeMedia(ref: MediaRefInfo, rows: readonly MediaRow[]): MediaRefInfo {
  const row = ref.id ? rows.find((r) => r.id === ref.id) : undefined;
  if (!row) return ref;
  const derived = (kind: MediaKind) =>
    rows.find((r) => r.parentId === row.id && r.kind === kind && r.local)?.id ?? null;
  const state = row.local ? 'available' : row.archivedAt !== null ? 'archived' : 'expired';
  return {
    ...ref,
    meta: row.meta,
    thumbnailId: derived('thumbnail'),
    previewId: derived('preview'),
    state,
    removedReason: row.local ? null : row.removedReason,
    kept: row.kept,
  };
}
