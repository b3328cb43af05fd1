import type { Database } from '../../native/sqlite/index.js';
import { translateConstraints } from './constraint-errors.js';
import { elsewhere, json, type Body, type KindDocs } from './sync-doc-kind.js';

/** Sources, alert rules and a site's status integration as documents (both ways). */
export function createSyncConfigDocs(db: Database): Record<'source' | 'alertRule' | 'integration', KindDocs> {
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

  return {
    source: {
      read(scope, docId) {
        const r = sourceRow.get(docId);
        if (!r || r.tenantId !== scope.tenantId || r.siteId !== scope.siteId) return null;
        return {
          kind: r.kind,
          name: r.name,
          enabled: r.enabled === 1,
          config: JSON.parse(r.config) as unknown,
          tokenHash: r.tokenHash,
        };
      },
      write(scope, docId, b, at) {
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
          {
            unique: {
              'sources.tenant_id, sources.site_id, sources.name': `A source named '${String(b.name)}' already exists here.`,
            },
          },
        );
        return;
      },
      ids(scope) {
        return sourceIds.all(scope.tenantId, scope.siteId);
      },
    },
    alertRule: {
      read(scope, docId) {
        const r = ruleRow.get(docId);
        if (!r || r.tenantId !== scope.tenantId || (r.siteId !== null && r.siteId !== scope.siteId)) return null;
        const params = JSON.parse(r.params) as Body;
        return {
          scope: r.siteId === null ? 'tenant' : 'site',
          rule: { ...params, type: r.type, name: r.name, severity: r.severity, enabled: r.enabled === 1 },
        };
      },
      write(scope, docId, b, at) {
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
      },
      ids(scope) {
        return ruleIds.all(scope.tenantId, scope.siteId);
      },
    },
    integration: {
      read(scope) {
        const r = integrationRow.get(scope.siteId, scope.tenantId);
        if (!r) return null;
        return {
          kind: r.kind,
          external: r.external === null ? null : (JSON.parse(r.external) as unknown),
          statusMapping: JSON.parse(r.statusMapping) as unknown,
          offlineAfterMinutes: r.offlineAfterMinutes,
        };
      },
      write(scope, docId, b, at) {
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
      },
      ids(scope) {
        return integrationRow.get(scope.siteId, scope.tenantId) ? ['integration'] : [];
      },
    },
  };
}
