import type { Database } from '../../native/sqlite/index.js';
import { OutpostError, type SyncDocKind } from '../contract/index.js';
import { translateConstraints } from './constraint-errors.js';
import { newId } from './ids.js';
import { createPublicSlugs } from './public-slugs.js';
import { createSyncDraftDocs } from './sync-draft-doc.js';
import type { SiteScope } from './pipeline-types.js';
import type { SyncDocsRepository } from './sync-types.js';

/*
 * Documents as JSON bodies, read and written under a site's own ids (see main/sync/protocol's
 * docs.ts for the shapes). The same code runs on both sides: a site writes what the hub sent, the
 * hub what a site sent. Writes never reach into another site: a document id that belongs to
 * another site or tenant is refused, as is a name the tenant already uses elsewhere.
 */

type Body = Record<string, unknown>;

const RANK = { open: 0, acknowledged: 1, resolved: 2 } as const;
type AlertStateName = keyof typeof RANK;

const elsewhere = (what: string) =>
  new OutpostError('conflict', `This ${what} id belongs to another site or tenant; it was not written.`);

export function createSyncDocs(db: Database): SyncDocsRepository {
  const draft = createSyncDraftDocs(db);
  const slugs = createPublicSlugs(db);

  // ---- sources ----
  const sourceRow = db.prepare<
    [string],
    {
      tenantId: string;
      siteId: string;
      kind: string;
      name: string;
      enabled: number;
      config: string;
      tokenHash: string | null;
    }
  >(
    `SELECT tenant_id AS tenantId, site_id AS siteId, kind, name, enabled, config, token_hash AS tokenHash FROM sources WHERE id = ?`,
  );
  const upsertSource = db.prepare(
    `INSERT INTO sources (id, tenant_id, site_id, kind, name, enabled, config, token_hash, created_at, updated_at)
     VALUES (@id, @tenantId, @siteId, @kind, @name, @enabled, @config, @tokenHash, @at, @at)
     ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, enabled = excluded.enabled,
       config = excluded.config, token_hash = excluded.token_hash, updated_at = excluded.updated_at`,
  );
  const deleteSource = db.prepare<[string, string, string]>(
    'DELETE FROM sources WHERE id = ? AND tenant_id = ? AND site_id = ?',
  );
  const sourceIds = db
    .prepare<[string, string], string>('SELECT id FROM sources WHERE tenant_id = ? AND site_id = ? ORDER BY id')
    .pluck();

  // ---- alert rules ----
  const ruleRow = db.prepare<
    [string],
    {
      tenantId: string;
      siteId: string | null;
      name: string;
      type: string;
      params: string;
      severity: string;
      enabled: number;
    }
  >(
    'SELECT tenant_id AS tenantId, site_id AS siteId, name, type, params, severity, enabled FROM alert_rules WHERE id = ?',
  );
  const upsertRule = db.prepare(
    `INSERT INTO alert_rules (id, tenant_id, site_id, name, type, params, severity, enabled, created_at, updated_at)
     VALUES (@id, @tenantId, @siteId, @name, @type, @params, @severity, @enabled, @at, @at)
     ON CONFLICT (id) DO UPDATE SET site_id = excluded.site_id, name = excluded.name, type = excluded.type,
       params = excluded.params, severity = excluded.severity, enabled = excluded.enabled, updated_at = excluded.updated_at`,
  );
  const deleteRule = db.prepare<[string, string]>('DELETE FROM alert_rules WHERE id = ? AND tenant_id = ?');
  const ruleIds = db
    .prepare<[string, string], string>('SELECT id FROM alert_rules WHERE tenant_id = ? AND site_id = ? ORDER BY id')
    .pluck();

  // ---- integration ----
  const integrationRow = db.prepare<
    [string, string],
    { kind: string; external: string | null; statusMapping: string; offlineAfterMinutes: number }
  >(
    `SELECT kind, external, status_mapping AS statusMapping, offline_after_minutes AS offlineAfterMinutes
     FROM sitemap_integrations WHERE site_id = ? AND tenant_id = ?`,
  );
  const upsertIntegration = db.prepare(
    `INSERT INTO sitemap_integrations (site_id, tenant_id, kind, external, status_mapping, offline_after_minutes, updated_at)
     VALUES (@siteId, @tenantId, @kind, @external, @statusMapping, @offlineAfterMinutes, @at)
     ON CONFLICT (site_id) DO UPDATE SET kind = excluded.kind, external = excluded.external,
       status_mapping = excluded.status_mapping, offline_after_minutes = excluded.offline_after_minutes, updated_at = excluded.updated_at`,
  );
  const deleteIntegration = db.prepare<[string, string]>(
    'DELETE FROM sitemap_integrations WHERE site_id = ? AND tenant_id = ?',
  );

  // ---- users (from the hub only) ----
  const userRow = db.prepare<
    [string],
    { tenantId: string; email: string; name: string; role: string; passwordHash: string; disabledAt: number | null }
  >(
    'SELECT tenant_id AS tenantId, email, name, role, password_hash AS passwordHash, disabled_at AS disabledAt FROM users WHERE id = ?',
  );
  const upsertUser = db.prepare(
    `INSERT INTO users (id, tenant_id, email, name, role, password_hash, created_at, disabled_at, installation_admin)
     VALUES (@id, @tenantId, @email, @name, @role, @passwordHash, @at, @disabledAt, 0)
     ON CONFLICT (id) DO UPDATE SET email = excluded.email, name = excluded.name, role = excluded.role,
       password_hash = excluded.password_hash, disabled_at = excluded.disabled_at`,
  );
  const disableUser = db.prepare<[number, string, string]>(
    'UPDATE users SET disabled_at = coalesce(disabled_at, ?) WHERE id = ? AND tenant_id = ?',
  );

  // ---- releases (from the hub only) and their pointers ----
  const releaseRow = db.prepare<
    [string, string, number],
    {
      id: string;
      version: number;
      env: string;
      manifest: string;
      sha256: string;
      note: string;
      overlays: number;
      publishedBy: string;
      publishedAt: number;
    }
  >(
    `SELECT id, version, env, manifest, sha256, note, overlays, published_by AS publishedBy, published_at AS publishedAt
     FROM releases WHERE site_id = ? AND tenant_id = ? AND version = ?`,
  );
  const releaseAssets = db.prepare<[string], { role: string; sha256: string; contentType: string; size: number }>(
    'SELECT role, sha256, content_type AS contentType, size FROM release_assets WHERE release_id = ? ORDER BY role',
  );
  const insertRelease = db.prepare(
    `INSERT INTO releases (id, tenant_id, site_id, version, env, manifest, sha256, note, overlays, published_by, published_at)
     VALUES (@id, @tenantId, @siteId, @version, @env, @manifest, @sha256, @note, @overlays, @publishedBy, @publishedAt)`,
  );
  const insertReleaseAsset = db.prepare<[string, string, string, string, number]>(
    'INSERT INTO release_assets (release_id, role, sha256, content_type, size) VALUES (?, ?, ?, ?, ?)',
  );
  const siteSlug = db
    .prepare<[string, string], string>('SELECT slug FROM sites WHERE id = ? AND tenant_id = ?')
    .pluck();
  const pointerRow = db
    .prepare<[string, string, string], number>(
      `SELECT r.version FROM release_current c JOIN releases r ON r.id = c.release_id
     WHERE c.site_id = ? AND c.tenant_id = ? AND c.env = ?`,
    )
    .pluck();
  const releaseIdOf = db
    .prepare<[string, string, number], string>(
      'SELECT id FROM releases WHERE site_id = ? AND tenant_id = ? AND version = ?',
    )
    .pluck();
  const setPointer = db.prepare<[string, string, string, string, number]>(
    `INSERT INTO release_current (site_id, env, tenant_id, release_id, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (site_id, env) DO UPDATE SET release_id = excluded.release_id, updated_at = excluded.updated_at`,
  );
  const pointerEnvs = db
    .prepare<[string, string], string>(
      'SELECT env FROM release_current WHERE site_id = ? AND tenant_id = ? ORDER BY env',
    )
    .pluck();

  // ---- alert states (hub → site) ----
  const copyOf = db
    .prepare<[string, string], string>('SELECT alert_id FROM sync_alert_origins WHERE site_id = ? AND origin_id = ?')
    .pluck();
  const alertState = db.prepare<
    [string, string],
    {
      siteId: string;
      state: AlertStateName;
      acknowledgedAt: number | null;
      acknowledgedBy: string | null;
      resolvedAt: number | null;
      resolvedBy: string | null;
      note: string | null;
    }
  >(
    `SELECT site_id AS siteId, state, acknowledged_at AS acknowledgedAt, acknowledged_by AS acknowledgedBy, resolved_at AS resolvedAt,
       resolved_by AS resolvedBy, note FROM alerts WHERE id = ? AND tenant_id = ?`,
  );
  const setAlertState = db.prepare(
    `UPDATE alerts SET state = @state, acknowledged_at = @acknowledgedAt, acknowledged_by = @acknowledgedBy,
       resolved_at = @resolvedAt, resolved_by = @resolvedBy, note = @note WHERE id = @id AND tenant_id = @tenantId`,
  );
  const recordAck = db.prepare<[string, string, string, number, string]>(
    `INSERT INTO alert_acknowledgements (alert_id, tenant_id, by, at, via) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT DO NOTHING`,
  );

  const json = (value: unknown) => JSON.stringify(value);

  function read(scope: SiteScope, kind: SyncDocKind, docId: string): unknown {
    switch (kind) {
      case 'source': {
        const r = sourceRow.get(docId);
        if (!r || r.tenantId !== scope.tenantId || r.siteId !== scope.siteId) return null;
        return {
          kind: r.kind,
          name: r.name,
          enabled: r.enabled === 1,
          config: JSON.parse(r.config) as unknown,
          tokenHash: r.tokenHash,
        };
      }
      case 'alertRule': {
        const r = ruleRow.get(docId);
        if (!r || r.tenantId !== scope.tenantId || (r.siteId !== null && r.siteId !== scope.siteId)) return null;
        const params = JSON.parse(r.params) as Body;
        return {
          scope: r.siteId === null ? 'tenant' : 'site',
          rule: { ...params, type: r.type, name: r.name, severity: r.severity, enabled: r.enabled === 1 },
        };
      }
      case 'integration': {
        const r = integrationRow.get(scope.siteId, scope.tenantId);
        if (!r) return null;
        return {
          kind: r.kind,
          external: r.external === null ? null : (JSON.parse(r.external) as unknown),
          statusMapping: JSON.parse(r.statusMapping) as unknown,
          offlineAfterMinutes: r.offlineAfterMinutes,
        };
      }
      case 'sitemapDraft':
        return draft.read(scope);
      case 'user': {
        const r = userRow.get(docId);
        if (!r || r.tenantId !== scope.tenantId) return null;
        return { email: r.email, name: r.name, role: r.role, passwordHash: r.passwordHash, disabledAt: r.disabledAt };
      }
      case 'release': {
        const r = releaseRow.get(scope.siteId, scope.tenantId, Number(docId));
        if (!r) return null;
        const { id, ...rest } = r;
        return { ...rest, assets: releaseAssets.all(id) };
      }
      case 'releasePointer': {
        const version = pointerRow.get(scope.siteId, scope.tenantId, docId);
        return version === undefined ? null : { version };
      }
      case 'alert': {
        const copy = copyOf.get(scope.siteId, docId);
        const r = copy === undefined ? undefined : alertState.get(copy, scope.tenantId);
        if (!r) return null;
        const { siteId: _siteId, ...state } = r;
        return state;
      }
      case 'tunnel':
        // Rendered by the tunnels slice, never stored as a document.
        return null;
    }
  }

  function write(scope: SiteScope, kind: SyncDocKind, docId: string, body: unknown, at: number): void {
    const b = body as Body | null;
    switch (kind) {
      case 'source': {
        const current = sourceRow.get(docId);
        if (current && (current.tenantId !== scope.tenantId || current.siteId !== scope.siteId))
          throw elsewhere('source');
        if (b === null) {
          deleteSource.run(docId, scope.tenantId, scope.siteId);
          return;
        }
        translateConstraints(
          () =>
            upsertSource.run({
              id: docId,
              tenantId: scope.tenantId,
              siteId: scope.siteId,
              kind: b.kind,
              name: b.name,
              enabled: b.enabled ? 1 : 0,
              config: json(b.config),
              tokenHash: b.tokenHash ?? null,
              at,
            }),
          { unique: { 'sources.tenant_id, sources.name': `A source named '${String(b.name)}' already exists here.` } },
        );
        return;
      }
      case 'alertRule': {
        const current = ruleRow.get(docId);
        if (
          current &&
          (current.tenantId !== scope.tenantId || (current.siteId !== null && current.siteId !== scope.siteId))
        ) {
          throw elsewhere('alert rule');
        }
        if (b === null) {
          if (current) deleteRule.run(docId, scope.tenantId);
          return;
        }
        const { type, name, severity, enabled, ...params } = b.rule as Body;
        upsertRule.run({
          id: docId,
          tenantId: scope.tenantId,
          siteId: b.scope === 'tenant' ? null : scope.siteId,
          name,
          type,
          params: json(params),
          severity: severity ?? 'warning',
          enabled: enabled === false ? 0 : 1,
          at,
        });
        return;
      }
      case 'integration':
        if (b === null) {
          deleteIntegration.run(scope.siteId, scope.tenantId);
          return;
        }
        upsertIntegration.run({
          siteId: scope.siteId,
          tenantId: scope.tenantId,
          kind: b.kind,
          external: b.external === null ? null : json(b.external),
          statusMapping: json(b.statusMapping),
          offlineAfterMinutes: b.offlineAfterMinutes,
          at,
        });
        return;
      case 'sitemapDraft':
        draft.write(scope, b as Parameters<typeof draft.write>[1], at);
        return;
      case 'user': {
        const current = userRow.get(docId);
        if (current && current.tenantId !== scope.tenantId) throw elsewhere('user');
        if (b === null) {
          disableUser.run(at, docId, scope.tenantId);
          return;
        }
        translateConstraints(
          () =>
            upsertUser.run({
              id: docId,
              tenantId: scope.tenantId,
              email: b.email,
              name: b.name,
              role: b.role,
              passwordHash: b.passwordHash,
              disabledAt: b.disabledAt ?? null,
              at,
            }),
          { unique: { 'users.tenant_id, users.email': `A local user already has the email ${String(b.email)}.` } },
        );
        return;
      }
      case 'release': {
        if (b === null) return; // releases are never deleted
        const version = Number(b.version);
        const existing = releaseRow.get(scope.siteId, scope.tenantId, version);
        if (existing) {
          if (existing.sha256 === b.sha256) return;
          throw new OutpostError(
            'conflict',
            `Release ${version} exists here with other contents; it was not replaced.`,
          );
        }
        const id = newId();
        insertRelease.run({
          id,
          tenantId: scope.tenantId,
          siteId: scope.siteId,
          version,
          env: b.env,
          manifest: b.manifest,
          sha256: b.sha256,
          note: b.note,
          overlays: b.overlays,
          publishedBy: b.publishedBy,
          publishedAt: b.publishedAt,
        });
        for (const a of b.assets as { role: string; sha256: string; contentType: string; size: number }[]) {
          insertReleaseAsset.run(id, a.role, a.sha256, a.contentType, a.size);
        }
        const slug = siteSlug.get(scope.siteId, scope.tenantId);
        if (slug !== undefined) slugs.claim(scope, slug);
        return;
      }
      case 'releasePointer': {
        if (b === null) return;
        const id = releaseIdOf.get(scope.siteId, scope.tenantId, Number(b.version));
        if (id === undefined) {
          throw new OutpostError(
            'conflict',
            `Release ${String(b.version)} has not arrived here yet; the pointer waits for it.`,
          );
        }
        setPointer.run(scope.siteId, docId, scope.tenantId, id, at);
        return;
      }
      case 'alert': {
        if (b === null) return;
        const current = alertState.get(docId, scope.tenantId);
        if (!current || current.siteId !== scope.siteId) return;
        const hubState = b.state as AlertStateName;
        // Both acknowledged: the hub's (it saw both first) stays on the alert, this site's is kept beside it.
        if (current.acknowledgedBy !== null && current.acknowledgedBy !== b.acknowledgedBy) {
          recordAck.run(docId, scope.tenantId, current.acknowledgedBy, current.acknowledgedAt ?? at, 'site');
        }
        const resolvedHere = RANK[current.state] > RANK[hubState];
        setAlertState.run({
          id: docId,
          tenantId: scope.tenantId,
          state: resolvedHere ? current.state : hubState,
          acknowledgedAt: b.acknowledgedAt ?? current.acknowledgedAt,
          acknowledgedBy: b.acknowledgedBy ?? current.acknowledgedBy,
          resolvedAt: resolvedHere ? current.resolvedAt : (b.resolvedAt ?? null),
          resolvedBy: resolvedHere ? current.resolvedBy : (b.resolvedBy ?? null),
          note: resolvedHere ? current.note : (b.note ?? null),
        });
        return;
      }
      case 'tunnel':
        return;
    }
  }

  function ids(scope: SiteScope, kind: SyncDocKind): string[] {
    switch (kind) {
      case 'source':
        return sourceIds.all(scope.tenantId, scope.siteId);
      case 'alertRule':
        return ruleIds.all(scope.tenantId, scope.siteId);
      case 'integration':
        return integrationRow.get(scope.siteId, scope.tenantId) ? ['integration'] : [];
      case 'sitemapDraft':
        return draft.read(scope) === null ? [] : ['draft'];
      case 'releasePointer':
        return pointerEnvs.all(scope.siteId, scope.tenantId);
      default:
        return [];
    }
  }

  return { read, write, ids, alertCopy: (scope, originId) => copyOf.get(scope.siteId, originId) };
}
