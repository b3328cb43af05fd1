import type { Database } from '../../native/sqlite/index.js';
import { newId } from './ids.js';
import type { Scope } from './types.js';

export interface RetentionRuleRow {
  id: string;
  siteId: string;
  device: string | null;
  label: string | null;
  maxAgeDays: number | null;
  maxBytes: number | null;
}

export interface RetentionRepository {
  rules(scope: Scope, siteId: string): RetentionRuleRow[];
  /** Every site's rules, across tenants, with their tenant (the retention job). */
  allRules(): (RetentionRuleRow & { tenantId: string })[];
  replace(
    scope: Scope,
    siteId: string,
    rules: Omit<RetentionRuleRow, 'id' | 'siteId'>[],
    now: number,
  ): RetentionRuleRow[];
}

const COLUMNS = 'id, site_id AS siteId, device, label, max_age_days AS maxAgeDays, max_bytes AS maxBytes';

export function createRetentionRepository(db: Database): RetentionRepository {
  const list = db.prepare<[string, string], RetentionRuleRow>(
    `SELECT ${COLUMNS} FROM retention_rules WHERE tenant_id = ? AND site_id = ? ORDER BY rowid`,
  );
  const all = db.prepare<[], RetentionRuleRow & { tenantId: string }>(
    `SELECT ${COLUMNS}, tenant_id AS tenantId FROM retention_rules ORDER BY rowid`,
  );
  const clear = db.prepare<[string, string]>('DELETE FROM retention_rules WHERE tenant_id = ? AND site_id = ?');
  const insert = db.prepare(
    `INSERT INTO retention_rules (id, tenant_id, site_id, device, label, max_age_days, max_bytes, updated_at)
     VALUES (@id, @tenantId, @siteId, @device, @label, @maxAgeDays, @maxBytes, @now)`,
  );
  return {
    rules: (scope, siteId) => list.all(scope.tenantId, siteId),
    allRules: () => all.all(),
    replace: db.transaction(
      (scope: Scope, siteId: string, rules: Omit<RetentionRuleRow, 'id' | 'siteId'>[], now: number) => {
        clear.run(scope.tenantId, siteId);
        for (const rule of rules) insert.run({ id: newId(), tenantId: scope.tenantId, siteId, ...rule, now });
        return list.all(scope.tenantId, siteId);
      },
    ),
  };
}
