import type { Database } from '../../native/sqlite/index.js';
import { OutpostError, type MediaRefInfo } from '../contract/index.js';
import { newId } from './ids.js';
import { createMediaInsert, MEDIA_COLUMNS, mediaRowsFor, toMediaRow, type MediaRecord } from './media-rows.js';
import type { MediaFilter, MediaRepository } from './media-types.js';

/** Whether the filter's fields are set: NULL parameters switch a condition off. */
function filterParams(filter: MediaFilter) {
  return {
    tenantId: filter.tenantId ?? null,
    siteId: filter.siteId ?? null,
    device: filter.device ?? null,
    label: filter.label ?? null,
    before: filter.capturedBefore ?? null,
  };
}

const FILTER = `m.local = 1 AND m.parent_id IS NULL
  AND (@tenantId IS NULL OR m.tenant_id = @tenantId) AND (@siteId IS NULL OR m.site_id = @siteId)
  AND (@device IS NULL OR m.device = @device) AND (@label IS NULL OR m.label = @label)
  AND (@before IS NULL OR m.captured_at < @before)`;

/** Media rows: the only SQL of the media slice's files, thumbnails, keeps and archive state. */
export function createMediaRepository(db: Database): MediaRepository {
  const byId = db.prepare<[string, string], MediaRecord>(
    `SELECT ${MEDIA_COLUMNS} FROM media m WHERE m.id = ? AND m.tenant_id = ?`,
  );
  const anyById = db.prepare<[string], MediaRecord>(`SELECT ${MEDIA_COLUMNS} FROM media m WHERE m.id = ?`);
  const bySha = db.prepare<[{ sha: string; tenantId: string; siteId: string | null }], MediaRecord>(
    `SELECT ${MEDIA_COLUMNS} FROM media m WHERE m.sha256 = @sha AND m.tenant_id = @tenantId
       AND (@siteId IS NULL OR m.site_id = @siteId)
     ORDER BY m.local DESC LIMIT 1`,
  );
  const byEvents = db.prepare<[{ ids: string; tenantId: string; siteId: string | null }], MediaRecord>(
    `SELECT ${MEDIA_COLUMNS} FROM media m
     WHERE m.event_id IN (SELECT value FROM json_each(@ids)) AND m.tenant_id = @tenantId AND (@siteId IS NULL OR m.site_id = @siteId)
     ORDER BY m.seq`,
  );
  const eventOf = db.prepare<
    [string, string, string],
    { device: string | null; label: string | null; time: number; media: string }
  >('SELECT device, label, time, media FROM events WHERE id = ? AND tenant_id = ? AND site_id = ?');
  const setEventMedia = db.prepare<[string, string]>('UPDATE events SET media = ? WHERE id = ?');
  const insertMedia = createMediaInsert(db);
  const dropDerived = db.prepare<[string, string]>(
    `UPDATE media SET local = 0, removed_at = created_at, removed_reason = 'Replaced by a newer one.'
     WHERE parent_id = ? AND kind = ? AND local = 1`,
  );
  const pending = db.prepare<[number], MediaRecord>(
    `SELECT ${MEDIA_COLUMNS} FROM media m WHERE m.derive_state = 'pending' ORDER BY m.created_at LIMIT ?`,
  );
  const setDerive = db.prepare<[string, string]>('UPDATE media SET derive_state = ? WHERE id = ?');
  const keep = db.prepare(
    `INSERT INTO media_keeps (event_id, tenant_id, kept_by, kept_at, note) VALUES (@eventId, @tenantId, @by, @at, @note)
     ON CONFLICT (event_id) DO UPDATE SET kept_by = excluded.kept_by, kept_at = excluded.kept_at, note = excluded.note`,
  );
  const unkeep = db.prepare<[string, string]>('DELETE FROM media_keeps WHERE event_id = ? AND tenant_id = ?');
  const isKept = db
    .prepare<[string, string], number>('SELECT 1 FROM media_keeps WHERE event_id = ? AND tenant_id = ?')
    .pluck();
  const primaries = db.prepare<[ReturnType<typeof filterParams> & { limit: number }], MediaRecord>(
    `SELECT ${MEDIA_COLUMNS} FROM media m WHERE ${FILTER} ORDER BY m.captured_at, m.seq LIMIT @limit`,
  );
  const bytes = db
    .prepare<[ReturnType<typeof filterParams>], number>(`SELECT coalesce(sum(m.size), 0) FROM media m WHERE ${FILTER}`)
    .pluck();
  const remove = db.prepare<[{ ids: string; now: number; reason: string; which: string }]>(
    `UPDATE media SET local = 0, removed_at = @now, removed_reason = @reason
     WHERE (id IN (SELECT value FROM json_each(@ids)) OR (parent_id IN (SELECT value FROM json_each(@ids)) AND @which = 'all'))
       AND local = 1
     RETURNING sha256`,
  );
  const archived = db.prepare<[string, number, number, string]>(
    'UPDATE media SET archive_object = ?, archive_bytes = ?, archived_at = ? WHERE id = ?',
  );
  const local = db.prepare<[string]>(
    'UPDATE media SET local = 1, removed_at = NULL, removed_reason = NULL WHERE id = ?',
  );
  const inUse = db
    .prepare<[string, string, string], number>(
      `SELECT EXISTS (SELECT 1 FROM media WHERE sha256 = ? AND local = 1)
         OR EXISTS (SELECT 1 FROM sitemap_assets WHERE sha256 = ?)
         OR EXISTS (SELECT 1 FROM release_assets WHERE sha256 = ?)`,
    )
    .pluck();
  const localShas = db.prepare<[], string>('SELECT DISTINCT sha256 FROM media WHERE local = 1').pluck();
  const withSha = db.prepare<[string], MediaRecord>(
    `SELECT ${MEDIA_COLUMNS} FROM media m WHERE m.local = 1 AND m.sha256 IN (SELECT value FROM json_each(?))`,
  );
  const countLocal = db.prepare<[], number>('SELECT count(*) FROM media WHERE local = 1').pluck();
  const usage = db.prepare<[{ tenantId: string; siteId: string | null }], MediaUsageRecord>(
    `SELECT site_id AS siteId, device, kind, count(*) AS files, sum(size) AS bytes FROM media
     WHERE tenant_id = @tenantId AND (@siteId IS NULL OR site_id = @siteId) AND local = 1 GROUP BY site_id, device, kind`,
  );
  const archivedBytes = db
    .prepare<[{ tenantId: string; siteId: string | null }], number>(
      `SELECT coalesce(sum(archive_bytes), 0) FROM media WHERE tenant_id = @tenantId AND (@siteId IS NULL OR site_id = @siteId)
     AND archived_at IS NOT NULL`,
    )
    .pluck();
  const archiveCount = db
    .prepare<[{ tenantId: string; siteId: string | null }], number>(
      `SELECT count(*) FROM media WHERE tenant_id = @tenantId AND (@siteId IS NULL OR site_id = @siteId)
       AND archived_at IS NOT NULL`,
    )
    .pluck();
  const candidates = db.prepare<
    [
      {
        tenantId: string;
        siteId: string;
        before: number | null;
        labels: string | null;
        keptOnly: number;
        limit: number;
      },
    ],
    MediaRecord
  >(
    `SELECT ${MEDIA_COLUMNS} FROM media m
     WHERE m.tenant_id = @tenantId AND m.site_id = @siteId AND m.parent_id IS NULL AND m.local = 1
       AND m.archived_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM archive_uploads u WHERE u.media_id = m.id AND u.state = 'failed')
       AND (@before IS NULL OR m.captured_at < @before)
       AND (@labels IS NULL OR m.label IN (SELECT value FROM json_each(@labels)))
       AND (@keptOnly = 0 OR EXISTS (SELECT 1 FROM media_keeps k WHERE k.event_id = m.event_id))
     ORDER BY m.captured_at LIMIT @limit`,
  );
  const range = db.prepare<
    [
      {
        tenantId: string;
        siteId: string | null;
        from: number;
        to: number;
        device: string | null;
        label: string | null;
        limit: number;
      },
    ],
    MediaRecord
  >(
    `SELECT ${MEDIA_COLUMNS} FROM media m
     WHERE m.tenant_id = @tenantId AND (@siteId IS NULL OR m.site_id = @siteId) AND m.parent_id IS NULL
       AND m.captured_at >= @from AND m.captured_at <= @to
       AND (@device IS NULL OR m.device = @device) AND (@label IS NULL OR m.label = @label)
     ORDER BY m.captured_at, m.seq LIMIT @limit`,
  );

  const attach = db.transaction((scope: { tenantId: string; siteId: string }, eventId: string, file, now: number) => {
    const event = eventOf.get(eventId, scope.tenantId, scope.siteId);
    if (!event) throw new OutpostError('not_found', `There is no event ${eventId} to attach the ${file.kind} to.`);
    const [ref] = mediaRowsFor(
      insertMedia,
      { ...scope, eventId, device: event.device, label: event.label, time: event.time },
      [{ ...file, kind: file.kind as MediaRefInfo['kind'] }],
      now,
    );
    const media = JSON.parse(event.media) as MediaRefInfo[];
    setEventMedia.run(JSON.stringify([...media, ref]), eventId);
    return toMediaRow(anyById.get(ref!.id!)!);
  });

  return {
    get: (scope, id) => {
      const row = byId.get(id, scope.tenantId);
      return row && (!scope.siteId || row.siteId === scope.siteId) ? toMediaRow(row) : undefined;
    },
    getAny: (id) => {
      const row = anyById.get(id);
      return row ? toMediaRow(row) : undefined;
    },
    findBySha: (scope, sha256) => {
      const row = bySha.get({ sha: sha256, tenantId: scope.tenantId, siteId: scope.siteId ?? null });
      return row ? toMediaRow(row) : undefined;
    },
    forEvents: (scope, eventIds) =>
      eventIds.length === 0
        ? []
        : byEvents
            .all({ ids: JSON.stringify(eventIds), tenantId: scope.tenantId, siteId: scope.siteId ?? null })
            .map(toMediaRow),
    attach: (scope, eventId, file, now) => attach(scope, eventId, file, now),
    addDerived: db.transaction((parent, file, now: number) => {
      dropDerived.run(parent.id, file.kind);
      const id = file.id ?? newId();
      insertMedia({
        id,
        tenantId: parent.tenantId,
        siteId: parent.siteId,
        eventId: parent.eventId,
        parentId: parent.id,
        kind: file.kind,
        sha256: file.sha256,
        contentType: file.contentType,
        size: file.size,
        device: parent.device,
        label: parent.label,
        capturedAt: parent.capturedAt,
        createdAt: now,
        meta: JSON.stringify(file.meta ?? {}),
        deriveState: 'none',
      });
      return toMediaRow(anyById.get(id)!);
    }),
    pendingDerivation: (limit) => pending.all(limit).map(toMediaRow),
    setDeriveState: (id, state) => void setDerive.run(state, id),
    keep: (scope, eventId, by, note, now) => void keep.run({ eventId, tenantId: scope.tenantId, by, at: now, note }),
    unkeep: (scope, eventId) => void unkeep.run(eventId, scope.tenantId),
    isKept: (scope, eventId) => isKept.get(eventId, scope.tenantId) === 1,
    localPrimaries: (filter, limit) => primaries.all({ ...filterParams(filter), limit }).map(toMediaRow),
    localBytes: (filter) => bytes.get(filterParams(filter)) ?? 0,
    markRemoved: db.transaction((ids: readonly string[], reason: string, now: number, keepDerived = false) => {
      const shas = remove.all({
        ids: JSON.stringify(ids),
        now,
        reason,
        which: keepDerived ? 'primary' : 'all',
      }) as unknown as {
        sha256: string;
      }[];
      return [...new Set(shas.map((r) => r.sha256))];
    }),
    markArchived: (id, object, size, now) => void archived.run(object, size, now, id),
    markLocal: (id) => void local.run(id),
    blobInUse: (sha256) => inUse.get(sha256, sha256, sha256) === 1,
    localShas: () => new Set(localShas.all()),
    localRowsWithSha: (shas) => (shas.length === 0 ? [] : withSha.all(JSON.stringify(shas)).map(toMediaRow)),
    countLocal: () => countLocal.get() ?? 0,
    usage: (scope) => usage.all({ tenantId: scope.tenantId, siteId: scope.siteId ?? null }),
    archivedBytes: (scope) => archivedBytes.get({ tenantId: scope.tenantId, siteId: scope.siteId ?? null }) ?? 0,
    archiveCount: (scope) => archiveCount.get({ tenantId: scope.tenantId, siteId: scope.siteId ?? null }) ?? 0,
    archiveCandidates: (scope, rule, limit) =>
      candidates
        .all({
          tenantId: scope.tenantId,
          siteId: scope.siteId,
          before: rule.capturedBefore ?? null,
          labels: rule.labels && rule.labels.length > 0 ? JSON.stringify(rule.labels) : null,
          keptOnly: rule.keptOnly ? 1 : 0,
          limit,
        })
        .map(toMediaRow),
    inRange: (scope, r, limit) =>
      range
        .all({
          tenantId: scope.tenantId,
          siteId: scope.siteId ?? null,
          from: r.from,
          to: r.to,
          device: r.device ?? null,
          label: r.label ?? null,
          limit,
        })
        .map(toMediaRow),
  };
}

interface MediaUsageRecord {
  siteId: string;
  device: string | null;
  kind: 'snapshot' | 'clip' | 'thumbnail' | 'preview';
  files: number;
  bytes: number;
}
