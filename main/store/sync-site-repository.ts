import type { Database } from '../../native/sqlite/index.js';
import type { SyncDocKind } from '../contract/index.js';
import { newId } from './ids.js';
import { createOutboxItems } from './sync-outbox-items.js';
import type { SiteScope } from './pipeline-types.js';
import type {
  ConflictRow,
  DocBase,
  OutboxRow,
  SnapshotTable,
  SyncDocsRepository,
  SyncSiteRepository,
  UplinkPatch,
  UplinkRow,
} from './sync-types.js';
import { SNAPSHOT_TABLES } from './sync-types.js';

const UPLINK_COLUMNS = `site_id AS siteId, tenant_id AS tenantId, hub_url AS hubUrl, state, sealed_code AS sealedCode,
  hub_id AS hubId, hub_site_id AS hubSiteId, hub_site_name AS hubSiteName, sealed_credential AS sealedCredential,
  last_seq AS lastSeq, acked_seq AS ackedSeq, kept_from AS keptFrom, pull_cursor AS pullCursor,
  max_request_bytes AS maxRequestBytes, hub_version AS hubVersion, upgrade, clock_offset_ms AS clockOffsetMs,
  clock_measured_at AS clockMeasuredAt, last_push_at AS lastPushAt, last_pull_at AS lastPullAt,
  last_contact_at AS lastContactAt, last_error AS lastError, enrolled_at AS enrolledAt, created_at AS createdAt,
  updated_at AS updatedAt`;

const PATCHABLE: Record<keyof UplinkPatch, string> = {
  hubUrl: 'hub_url',
  state: 'state',
  sealedCode: 'sealed_code',
  hubId: 'hub_id',
  hubSiteId: 'hub_site_id',
  hubSiteName: 'hub_site_name',
  sealedCredential: 'sealed_credential',
  ackedSeq: 'acked_seq',
  pullCursor: 'pull_cursor',
  maxRequestBytes: 'max_request_bytes',
  hubVersion: 'hub_version',
  upgrade: 'upgrade',
  clockOffsetMs: 'clock_offset_ms',
  clockMeasuredAt: 'clock_measured_at',
  lastPushAt: 'last_push_at',
  lastPullAt: 'last_pull_at',
  lastContactAt: 'last_contact_at',
  lastError: 'last_error',
  enrolledAt: 'enrolled_at',
};

const CONFLICT_COLUMNS = `id, tenant_id AS tenantId, site_id AS siteId, kind, doc_id AS docId, fields, base_body AS base,
  local_body AS local, hub_body AS hub, hub_version AS hubVersion, read_only AS readOnly, created_at AS createdAt`;

type ConflictRecord = Omit<ConflictRow, 'fields' | 'base' | 'local' | 'hub' | 'readOnly'> & {
  fields: string;
  base: string | null;
  local: string | null;
  hub: string | null;
  readOnly: number;
};

const parseJson = (text: string | null): unknown => (text === null ? null : (JSON.parse(text) as unknown));
const toConflict = (r: ConflictRecord): ConflictRow => ({
  ...r,
  fields: JSON.parse(r.fields) as string[],
  base: parseJson(r.base),
  local: parseJson(r.local),
  hub: parseJson(r.hub),
  readOnly: r.readOnly === 1,
});

export function createSyncSiteRepository(db: Database, docs: SyncDocsRepository): SyncSiteRepository {
  const byScope = db.prepare<[string, string], UplinkRow>(
    `SELECT ${UPLINK_COLUMNS} FROM sync_uplinks WHERE site_id = ? AND tenant_id = ?`,
  );
  const all = db.prepare<[], UplinkRow>(`SELECT ${UPLINK_COLUMNS} FROM sync_uplinks ORDER BY site_id`);
  const ofTenant = db.prepare<[string], UplinkRow>(
    `SELECT ${UPLINK_COLUMNS} FROM sync_uplinks WHERE tenant_id = ? ORDER BY site_id`,
  );
  const insert = db.prepare(
    `INSERT INTO sync_uplinks (site_id, tenant_id, hub_url, state, sealed_code, created_at, updated_at)
     VALUES (@siteId, @tenantId, @hubUrl, 'pending', @sealedCode, @at, @at)
     ON CONFLICT (site_id) DO UPDATE SET hub_url = excluded.hub_url, state = 'pending', sealed_code = excluded.sealed_code,
       sealed_credential = NULL, hub_id = NULL, hub_site_id = NULL, hub_site_name = NULL, acked_seq = 0,
       pull_cursor = 0, last_error = NULL, upgrade = NULL, enrolled_at = NULL, updated_at = excluded.updated_at`,
  );
  const clearOutbox = db.prepare<[string]>('DELETE FROM sync_outbox WHERE site_id = ?');
  const clearDocs = db.prepare<[string]>('DELETE FROM sync_docs WHERE site_id = ?');
  const restart = db.prepare<[string]>('UPDATE sync_uplinks SET kept_from = last_seq + 1 WHERE site_id = ?');
  const pending = db.prepare<[string, number], { records: number | null; oldestAt: number | null }>(
    'SELECT sum(records) AS records, min(created_at) AS oldestAt FROM sync_outbox WHERE site_id = ? AND seq > ?',
  );
  const entries = db.prepare<[string, number, number], OutboxRow>(
    `SELECT seq, kind, ref, ref_to AS refTo, detail, records, created_at AS createdAt
     FROM sync_outbox WHERE site_id = ? AND seq >= ? ORDER BY seq LIMIT ?`,
  );
  const trim = db.prepare<[string, number]>('DELETE FROM sync_outbox WHERE site_id = ? AND seq <= ?');
  const keptFrom = db.prepare<[number, string]>(
    'UPDATE sync_uplinks SET kept_from = max(kept_from, ? + 1) WHERE site_id = ?',
  );
  const bump = db.prepare<[string]>('UPDATE sync_uplinks SET last_seq = last_seq + 1 WHERE site_id = ?');
  const lastSeq = db.prepare<[string], number>('SELECT last_seq FROM sync_uplinks WHERE site_id = ?').pluck();
  const queue = db.prepare<[string, number, string, string, number]>(
    `INSERT INTO sync_outbox (site_id, seq, kind, ref, ref_to, detail, records, created_at) VALUES (?, ?, ?, ?, NULL, NULL, 1, ?)`,
  );
  const unsent = db
    .prepare<[string, number], string>(
      "SELECT DISTINCT ref FROM sync_outbox WHERE site_id = ? AND seq > ? AND (kind = 'doc' OR (kind = 'snapshot' AND ref = 'docs'))",
    )
    .pluck();
  const docBase = db.prepare<
    [string, string, string],
    { baseVersion: number; baseBody: string | null; readOnly: number }
  >(
    'SELECT base_version AS baseVersion, base_body AS baseBody, read_only AS readOnly FROM sync_docs WHERE site_id = ? AND kind = ? AND doc_id = ?',
  );
  const setDocBase = db.prepare<[string, string, string, number, string | null, number]>(
    `INSERT INTO sync_docs (site_id, kind, doc_id, base_version, base_body, read_only) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (site_id, kind, doc_id) DO UPDATE SET base_version = excluded.base_version, base_body = excluded.base_body,
       read_only = excluded.read_only`,
  );
  const openConflict = db.prepare<[string, string, string], ConflictRecord>(
    `SELECT ${CONFLICT_COLUMNS} FROM sync_conflicts WHERE site_id = ? AND kind = ? AND doc_id = ? AND resolved_at IS NULL`,
  );
  const conflicts = db.prepare<[{ tenant: string; site: string | null }], ConflictRecord>(
    `SELECT ${CONFLICT_COLUMNS} FROM sync_conflicts WHERE tenant_id = @tenant AND (@site IS NULL OR site_id = @site)
       AND resolved_at IS NULL
     ORDER BY created_at, id`,
  );
  const conflictById = db.prepare<[string, string], ConflictRecord>(
    `SELECT ${CONFLICT_COLUMNS} FROM sync_conflicts WHERE id = ? AND tenant_id = ? AND resolved_at IS NULL`,
  );
  const insertConflict = db.prepare(
    `INSERT INTO sync_conflicts (id, tenant_id, site_id, kind, doc_id, fields, base_body, local_body, hub_body, hub_version, read_only, created_at)
     VALUES (@id, @tenantId, @siteId, @kind, @docId, @fields, @base, @local, @hub, @hubVersion, @readOnly, @at)`,
  );
  const refreshConflict = db.prepare(
    `UPDATE sync_conflicts SET fields = @fields, local_body = @local, hub_body = @hub, hub_version = @hubVersion, read_only = @readOnly
     WHERE id = @id`,
  );
  const resolve = db.prepare<[number, string, string, string, string]>(
    'UPDATE sync_conflicts SET resolved_at = ?, resolved_by = ?, resolution = ? WHERE id = ? AND tenant_id = ? AND resolved_at IS NULL',
  );
  const countConflicts = db
    .prepare<[string], number>('SELECT count(*) FROM sync_conflicts WHERE site_id = ? AND resolved_at IS NULL')
    .pluck();

  // One statement per set of columns changed (a handful in practice), prepared once.
  const updates = new Map<string, ReturnType<Database['prepare']>>();
  const updateFor = (keys: (keyof UplinkPatch)[]) => {
    const name = keys.join(',');
    let statement = updates.get(name);
    if (!statement) {
      const sets = keys.map((k) => `${PATCHABLE[k]} = @${k}`).join(', ');
      statement = db.prepare(
        `UPDATE sync_uplinks SET ${sets}, updated_at = @at WHERE site_id = @siteId AND tenant_id = @tenantId`,
      );
      updates.set(name, statement);
    }
    return statement;
  };

  const baseOf = (siteId: string, kind: SyncDocKind, docId: string): DocBase | undefined => {
    const r = docBase.get(siteId, kind, docId);
    return r && { baseVersion: r.baseVersion, baseBody: parseJson(r.baseBody), readOnly: r.readOnly === 1 };
  };
  const items = createOutboxItems(
    db,
    docs,
    (siteId, kind, docId) => baseOf(siteId, kind, docId)?.baseVersion ?? 0,
    (siteId, kind, docId) => openConflict.get(siteId, kind, docId) !== undefined,
  );

  function enqueueSnapshot(scope: SiteScope, tables: readonly SnapshotTable[], at: number): number {
    let first = 0;
    for (const table of tables) {
      bump.run(scope.siteId);
      const seq = lastSeq.get(scope.siteId) ?? 0;
      if (first === 0) first = seq;
      queue.run(scope.siteId, seq, 'snapshot', table, at);
    }
    return first;
  }

  const enrol = db.transaction(
    (scope: SiteScope, data: { hubUrl: string; sealedCode: string; at: number }): UplinkRow => {
      insert.run({
        siteId: scope.siteId,
        tenantId: scope.tenantId,
        hubUrl: data.hubUrl,
        sealedCode: data.sealedCode,
        at: data.at,
      });
      // A new enrolment starts a new stream: what was queued for another hub (or a refused one) goes,
      // and a snapshot of everything the site holds follows.
      clearOutbox.run(scope.siteId);
      clearDocs.run(scope.siteId);
      restart.run(scope.siteId);
      enqueueSnapshot(scope, SNAPSHOT_TABLES, data.at);
      return byScope.get(scope.siteId, scope.tenantId)!;
    },
  );

  return {
    uplink: (scope) => byScope.get(scope.siteId, scope.tenantId),
    allUplinks: () => all.all(),
    uplinksOfTenant: (scope) => ofTenant.all(scope.tenantId),
    enrol: (scope, data) => enrol(scope, data),
    update(scope, patch, at) {
      const keys = (Object.keys(patch) as (keyof UplinkPatch)[]).filter((k) => patch[k] !== undefined);
      if (keys.length === 0) return;
      updateFor(keys).run({
        ...patch,
        at,
        siteId: scope.siteId,
        tenantId: scope.tenantId,
      });
    },
    pending(siteId, ackedSeq) {
      const r = pending.get(siteId, ackedSeq);
      return { records: r?.records ?? 0, oldestAt: r?.oldestAt ?? null };
    },
    entries: (siteId, from, limit) => entries.all(siteId, from, limit),
    items,
    trim: db.transaction((siteId: string, through: number) => {
      trim.run(siteId, through);
      keptFrom.run(through, siteId);
    }),
    enqueueSnapshot: db.transaction(enqueueSnapshot),
    unsentDocs: (siteId, ackedSeq) => new Set(unsent.all(siteId, ackedSeq)),
    docBase: baseOf,
    setDocBase(siteId, kind, docId, base) {
      setDocBase.run(
        siteId,
        kind,
        docId,
        base.baseVersion,
        base.baseBody === null || base.baseBody === undefined ? null : JSON.stringify(base.baseBody),
        base.readOnly ? 1 : 0,
      );
    },
    openConflict(siteId, kind, docId) {
      const r = openConflict.get(siteId, kind, docId);
      return r && toConflict(r);
    },
    conflicts: (scope, siteId) => conflicts.all({ tenant: scope.tenantId, site: siteId ?? null }).map(toConflict),
    conflict(scope, id) {
      const r = conflictById.get(id, scope.tenantId);
      return r && toConflict(r);
    },
    recordConflict(scope, row, at) {
      const text = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));
      const open = openConflict.get(scope.siteId, row.kind, row.docId);
      const values = {
        fields: JSON.stringify(row.fields),
        local: text(row.local),
        hub: text(row.hub),
        hubVersion: row.hubVersion,
        readOnly: row.readOnly ? 1 : 0,
      };
      if (open) {
        refreshConflict.run({ ...values, id: open.id });
        return;
      }
      insertConflict.run({
        ...values,
        id: newId(),
        tenantId: scope.tenantId,
        siteId: scope.siteId,
        kind: row.kind,
        docId: row.docId,
        base: text(row.base),
        at,
      });
    },
    resolveConflict(scope, id, by, resolution, at) {
      resolve.run(at, by, resolution, id, scope.tenantId);
    },
    countConflicts: (siteId) => countConflicts.get(siteId) ?? 0,
  };
}
