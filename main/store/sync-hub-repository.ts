import type { Database } from '../../native/sqlite/index.js';
import type { SyncDocKind } from '../contract/index.js';
import { newId } from './ids.js';
import type { Scope } from './types.js';
import type { ChangeRow, EnrolmentRow, HubSitePatch, HubSiteRow, SyncHubRepository } from './sync-types.js';

const SITE_COLUMNS = `s.site_id AS siteId, s.tenant_id AS tenantId, x.name, s.origin_site_id AS originSiteId,
  s.enrolled_at AS enrolledAt, s.revoked_at AS revokedAt, s.acked_seq AS ackedSeq, s.partial_seq AS partialSeq,
  s.partial_after AS partialAfter, s.partial_fragment AS partialFragment, s.pending, s.oldest_pending_at AS oldestPendingAt,
  s.pull_cursor AS pullCursor, s.conflicts, s.last_push_at AS lastPushAt, s.last_pull_at AS lastPullAt,
  s.last_sync_at AS lastSyncAt, s.clock_offset_ms AS clockOffsetMs, s.site_version AS siteVersion,
  s.site_protocol AS siteProtocol, s.site_schema AS siteSchema, s.upgrade, s.tunnel_peer_id AS tunnelPeerId`;

const FROM_SITES = 'FROM sync_sites s JOIN sites x ON x.id = s.site_id AND x.tenant_id = s.tenant_id';

const ENROLMENT_COLUMNS = `id, tenant_id AS tenantId, site_name AS siteName, expires_at AS expiresAt, created_by AS createdBy,
  created_at AS createdAt, used_at AS usedAt, site_id AS siteId`;

const PATCHABLE: Record<keyof HubSitePatch, string> = {
  ackedSeq: 'acked_seq',
  partialSeq: 'partial_seq',
  partialAfter: 'partial_after',
  partialFragment: 'partial_fragment',
  pending: 'pending',
  oldestPendingAt: 'oldest_pending_at',
  pullCursor: 'pull_cursor',
  conflicts: 'conflicts',
  lastPushAt: 'last_push_at',
  lastPullAt: 'last_pull_at',
  lastSyncAt: 'last_sync_at',
  clockOffsetMs: 'clock_offset_ms',
  siteVersion: 'site_version',
  siteProtocol: 'site_protocol',
  siteSchema: 'site_schema',
  upgrade: 'upgrade',
  tunnelPeerId: 'tunnel_peer_id',
};

export function createSyncHubRepository(db: Database): SyncHubRepository {
  const insertEnrolment = db.prepare(
    `INSERT INTO sync_enrolments (id, tenant_id, site_name, code_hash, expires_at, created_by, created_at)
     VALUES (@id, @tenantId, @siteName, @codeHash, @expiresAt, @createdBy, @at)`,
  );
  const enrolmentById = db.prepare<[string], EnrolmentRow>(
    `SELECT ${ENROLMENT_COLUMNS} FROM sync_enrolments WHERE id = ?`,
  );
  const enrolments = db.prepare<[string], EnrolmentRow>(
    `SELECT ${ENROLMENT_COLUMNS} FROM sync_enrolments WHERE tenant_id = ? ORDER BY created_at DESC, id DESC LIMIT 200`,
  );
  // Spending a code is one UPDATE: two sites racing with the same code cannot both win it.
  const spend = db.prepare<[number, string, number], { id: string; tenantId: string; siteName: string }>(
    `UPDATE sync_enrolments SET used_at = ? WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?
     RETURNING id, tenant_id AS tenantId, site_name AS siteName`,
  );
  const slugTaken = db
    .prepare<[string, string], number>('SELECT 1 FROM sites WHERE tenant_id = ? AND slug = ?')
    .pluck();
  const insertSite = db.prepare(
    `INSERT INTO sites (id, tenant_id, name, slug, timezone, address, created_at, updated_at)
     VALUES (@id, @tenantId, @name, @slug, 'UTC', '', @at, @at)`,
  );
  const insertSyncSite = db.prepare(
    `INSERT INTO sync_sites (site_id, tenant_id, credential_hash, origin_site_id, enrolled_at)
     VALUES (@siteId, @tenantId, @credentialHash, @originSiteId, @at)`,
  );
  const markUsed = db.prepare<[string, string]>('UPDATE sync_enrolments SET site_id = ? WHERE id = ?');
  const byCredential = db.prepare<[string], HubSiteRow & { credentialHash: string }>(
    `SELECT ${SITE_COLUMNS}, s.credential_hash AS credentialHash ${FROM_SITES} WHERE s.site_id = ?`,
  );
  const site = db.prepare<[string, string], HubSiteRow>(
    `SELECT ${SITE_COLUMNS} ${FROM_SITES} WHERE s.site_id = ? AND s.tenant_id = ?`,
  );
  const sites = db.prepare<[string], HubSiteRow>(
    `SELECT ${SITE_COLUMNS} ${FROM_SITES} WHERE s.tenant_id = ? ORDER BY x.name COLLATE NOCASE, s.site_id`,
  );
  const revoke = db.prepare<[number, string, string]>(
    'UPDATE sync_sites SET revoked_at = coalesce(revoked_at, ?) WHERE site_id = ? AND tenant_id = ?',
  );
  const fragments = db.prepare<[string], { idx: number; checksum: number; text: string }>(
    'SELECT idx, checksum, text FROM sync_fragments WHERE site_id = ? ORDER BY idx',
  );
  const stage = db.prepare<[string, number, number, string]>(
    'INSERT INTO sync_fragments (site_id, idx, checksum, text) VALUES (?, ?, ?, ?) ON CONFLICT (site_id, idx) DO UPDATE SET checksum = excluded.checksum, text = excluded.text',
  );
  const clearFragments = db.prepare<[string]>('DELETE FROM sync_fragments WHERE site_id = ?');
  const changes = db.prepare<[string, number, number], ChangeRow>(
    'SELECT seq, kind, doc_id AS docId, version, origin FROM sync_changes WHERE site_id = ? AND seq > ? ORDER BY seq LIMIT ?',
  );
  const lastChange = db.prepare<[string], number | null>('SELECT max(seq) FROM sync_changes WHERE site_id = ?').pluck();
  const docVersion = db.prepare<[string, string, string], { version: number; origin: 'hub' | 'site' }>(
    'SELECT version, origin FROM sync_changes WHERE site_id = ? AND kind = ? AND doc_id = ? ORDER BY seq DESC LIMIT 1',
  );
  const logChange = db
    .prepare<[{ site: string; tenant: string; kind: string; doc: string; origin: string; at: number }], number>(
      `INSERT INTO sync_changes (site_id, tenant_id, kind, doc_id, version, origin, at)
     VALUES (@site, @tenant, @kind, @doc,
       coalesce((SELECT max(version) FROM sync_changes WHERE site_id = @site AND kind = @kind AND doc_id = @doc), 0) + 1,
       @origin, @at)
     RETURNING version`,
    )
    .pluck();
  const dropOlder = db.prepare<[string, string, string, string, string, string]>(
    `DELETE FROM sync_changes WHERE site_id = ? AND kind = ? AND doc_id = ?
       AND seq < (SELECT max(seq) FROM sync_changes WHERE site_id = ? AND kind = ? AND doc_id = ?)`,
  );
  const openAlerts = db.prepare<[string], { siteId: string; open: number }>(
    `SELECT a.site_id AS siteId, count(*) AS open FROM alerts a JOIN sync_sites s ON s.site_id = a.site_id
     WHERE a.tenant_id = ? AND a.state <> 'resolved' GROUP BY a.site_id`,
  );

  const updates = new Map<string, ReturnType<Database['prepare']>>();
  const updateFor = (keys: (keyof HubSitePatch)[]) => {
    const name = keys.join(',');
    let statement = updates.get(name);
    if (!statement) {
      statement = db.prepare(
        `UPDATE sync_sites SET ${keys.map((k) => `${PATCHABLE[k]} = @${k}`).join(', ')} WHERE site_id = @siteId`,
      );
      updates.set(name, statement);
    }
    return statement;
  };

  const redeem = db.transaction(
    (codeHash: string, data: Parameters<SyncHubRepository['redeem']>[1]): HubSiteRow | undefined => {
      const enrolment = spend.get(data.at, codeHash, data.at);
      if (!enrolment) return undefined;
      const base = data.slugFor(enrolment.siteName);
      let slug = base;
      for (let n = 2; slugTaken.get(enrolment.tenantId, slug) !== undefined; n++) slug = `${base.slice(0, 58)}-${n}`;
      const siteId = newId();
      insertSite.run({ id: siteId, tenantId: enrolment.tenantId, name: enrolment.siteName, slug, at: data.at });
      insertSyncSite.run({
        siteId,
        tenantId: enrolment.tenantId,
        credentialHash: data.credentialFor(siteId),
        originSiteId: data.originSiteId,
        at: data.at,
      });
      markUsed.run(siteId, enrolment.id);
      return site.get(siteId, enrolment.tenantId);
    },
  );

  return {
    createEnrolment(scope, data) {
      const id = newId();
      insertEnrolment.run({ id, tenantId: scope.tenantId, ...data });
      return enrolmentById.get(id)!;
    },
    enrolments: (scope: Scope) => enrolments.all(scope.tenantId),
    redeem: (codeHash, data) => redeem(codeHash, data),
    siteByCredential: (siteId) => byCredential.get(siteId),
    site: (scope, siteId) => site.get(siteId, scope.tenantId),
    sites: (scope) => sites.all(scope.tenantId),
    update(siteId, patch) {
      const keys = (Object.keys(patch) as (keyof HubSitePatch)[]).filter((k) => patch[k] !== undefined);
      if (keys.length === 0) return;
      updateFor(keys).run({ ...patch, siteId });
    },
    revoke: (scope, siteId, at) => revoke.run(at, siteId, scope.tenantId).changes > 0,
    fragments: (siteId) => fragments.all(siteId),
    stageFragment: (siteId, idx, checksum, text) => void stage.run(siteId, idx, checksum, text),
    clearFragments: (siteId) => void clearFragments.run(siteId),
    changes: (siteId, after, limit) => changes.all(siteId, after, limit),
    lastChange: (siteId) => lastChange.get(siteId) ?? 0,
    docVersion(siteId, kind, docId) {
      const row = docVersion.get(siteId, kind, docId);
      return row ?? { version: 0, origin: null };
    },
    logChange(scope, kind: SyncDocKind, docId, origin, at) {
      const version = logChange.get({ site: scope.siteId, tenant: scope.tenantId, kind, doc: docId, origin, at }) ?? 0;
      dropOlder.run(scope.siteId, kind, docId, scope.siteId, kind, docId);
      return version;
    },
    openAlerts(scope) {
      return new Map(openAlerts.all(scope.tenantId).map((r) => [r.siteId, r.open]));
    },
  };
}
