import type { Database } from '../../native/sqlite/index.js';
import type { AlertRuleType } from '../contract/index.js';
import { translateConstraints } from './constraint-errors.js';
import { newId } from './ids.js';
import type { AlertRuleData, AlertRuleRow, AlertRulesRepository } from './alert-types.js';
import type { Scope } from './types.js';

interface RuleRecord {
  id: string;
  siteId: string | null;
  name: string;
  type: AlertRuleType;
  params: string;
  severity: AlertRuleRow['severity'];
  enabled: number;
  createdAt: number;
  updatedAt: number;
}

const COLUMNS = `id, site_id AS siteId, name, type, params, severity, enabled, created_at AS createdAt, updated_at AS updatedAt`;

function toRule(r: RuleRecord): AlertRuleRow {
  const params = JSON.parse(r.params) as Record<string, unknown>;
  return {
    ...params,
    id: r.id,
    siteId: r.siteId,
    name: r.name,
    type: r.type,
    severity: r.severity,
    enabled: r.enabled === 1,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  } as AlertRuleRow;
}

/** The type-specific fields, kept as JSON so a new rule type needs no migration. */
function paramsOf(data: AlertRuleData): string {
  const { name: _n, severity: _s, enabled: _e, siteId: _site, type: _t, ...params } = data;
  return JSON.stringify(params);
}

const unknownSite =
  'The rule names a site that is not in this tenant. Pick a site from sites.list, or leave siteId out.';

export function createAlertRulesRepository(db: Database): AlertRulesRepository {
  const byId = db.prepare<[string, string], RuleRecord>(
    `SELECT ${COLUMNS} FROM alert_rules WHERE id = ? AND tenant_id = ?`,
  );
  const inTenant = db.prepare<[string], RuleRecord>(
    `SELECT ${COLUMNS} FROM alert_rules WHERE tenant_id = ? ORDER BY name COLLATE NOCASE, id`,
  );
  const insert = db.prepare(
    `INSERT INTO alert_rules (id, tenant_id, site_id, name, type, params, severity, enabled, created_at, updated_at)
     VALUES (@id, @tenantId, @siteId, @name, @type, @params, @severity, @enabled, @at, @at)`,
  );
  const replace = db.prepare(
    `UPDATE alert_rules SET site_id = @siteId, name = @name, type = @type, params = @params, severity = @severity,
       enabled = @enabled, updated_at = @at
     WHERE id = @id AND tenant_id = @tenantId`,
  );
  const remove = db.prepare<[string, string]>('DELETE FROM alert_rules WHERE id = ? AND tenant_id = ?');

  const rowParams = (scope: Scope, id: string, data: AlertRuleData) => ({
    id,
    tenantId: scope.tenantId,
    siteId: data.siteId,
    name: data.name,
    type: data.type,
    params: paramsOf(data),
    severity: data.severity,
    enabled: data.enabled ? 1 : 0,
    at: Date.now(),
  });

  const get = (scope: Scope, id: string) => {
    const r = byId.get(id, scope.tenantId);
    return r && toRule(r);
  };

  return {
    list: (scope) => inTenant.all(scope.tenantId).map(toRule),
    get,
    create(scope, data) {
      const id = newId();
      translateConstraints(() => insert.run(rowParams(scope, id, data)), { foreignKey: unknownSite });
      const rule = get(scope, id);
      if (!rule) throw new Error('An alert rule vanished right after it was created.');
      return rule;
    },
    replace(scope, id, data) {
      const changes = translateConstraints(() => replace.run(rowParams(scope, id, data)).changes, {
        foreignKey: unknownSite,
      });
      return changes === 0 ? undefined : get(scope, id);
    },
    delete: (scope, id) => remove.run(id, scope.tenantId).changes > 0,
  };
}
