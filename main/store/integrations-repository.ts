import type { ExternalStatusConfig, StatusMapping } from '../contract/index.js';
import type { Database } from '../../native/sqlite/index.js';
import { createSiteLookup } from './site-lookup.js';
import type { IntegrationRow, IntegrationsRepository } from './sitemap-types.js';

const COLUMNS = `site_id AS siteId, tenant_id AS tenantId, kind, external, status_mapping AS statusMapping,
  offline_after_minutes AS offlineAfterMinutes, updated_at AS updatedAt`;

interface IntegrationRecord {
  siteId: string;
  tenantId: string;
  kind: IntegrationRow['kind'];
  external: string | null;
  statusMapping: string;
  offlineAfterMinutes: number;
  updatedAt: number;
}

/** What a site without a stored integration gets: device health and open alerts, no mapping rules. */
function internalDefault(siteId: string): IntegrationRow {
  return {
    siteId,
    kind: 'internal',
    external: null,
    statusMapping: { rules: [], custom: [] },
    offlineAfterMinutes: 10,
    updatedAt: null,
  };
}

function toRow(r: IntegrationRecord): IntegrationRow & { tenantId: string } {
  return {
    siteId: r.siteId,
    tenantId: r.tenantId,
    kind: r.kind,
    external: r.external === null ? null : (JSON.parse(r.external) as ExternalStatusConfig),
    statusMapping: JSON.parse(r.statusMapping) as StatusMapping,
    offlineAfterMinutes: r.offlineAfterMinutes,
    updatedAt: r.updatedAt,
  };
}

export function createIntegrationsRepository(db: Database): IntegrationsRepository {
  const requireSite = createSiteLookup(db);
  const bySite = db.prepare<[string, string], IntegrationRecord>(
    `SELECT ${COLUMNS} FROM sitemap_integrations WHERE site_id = ? AND tenant_id = ?`,
  );
  const inTenant = db.prepare<[string], IntegrationRecord>(
    `SELECT ${COLUMNS} FROM sitemap_integrations WHERE tenant_id = ? ORDER BY site_id`,
  );
  const upsert = db.prepare<[Omit<IntegrationRecord, 'updatedAt'> & { now: number }], IntegrationRecord>(
    `INSERT INTO sitemap_integrations (site_id, tenant_id, kind, external, status_mapping, offline_after_minutes, updated_at)
     VALUES (@siteId, @tenantId, @kind, @external, @statusMapping, @offlineAfterMinutes, @now)
     ON CONFLICT (site_id) DO UPDATE SET
       kind = excluded.kind, external = excluded.external, status_mapping = excluded.status_mapping,
       offline_after_minutes = excluded.offline_after_minutes, updated_at = excluded.updated_at
     RETURNING ${COLUMNS}`,
  );

  const set = db.transaction(
    (scope: Parameters<IntegrationsRepository['set']>[0], row: Parameters<IntegrationsRepository['set']>[1]) => {
      requireSite(scope);
      const stored = upsert.get({
        siteId: scope.siteId,
        tenantId: scope.tenantId,
        kind: row.kind,
        external: row.external === null ? null : JSON.stringify(row.external),
        statusMapping: JSON.stringify(row.statusMapping),
        offlineAfterMinutes: row.offlineAfterMinutes,
        now: Date.now(),
      });
      if (!stored) throw new Error('The integration upsert returned no row.');
      const { tenantId: _tenantId, ...out } = toRow(stored);
      return out;
    },
  );

  return {
    get(scope) {
      const row = bySite.get(scope.siteId, scope.tenantId);
      if (!row) return internalDefault(scope.siteId);
      const { tenantId: _tenantId, ...out } = toRow(row);
      return out;
    },
    set: (scope, row) => set(scope, row),
    listInTenant: (scope) => inTenant.all(scope.tenantId).map(toRow),
  };
}
