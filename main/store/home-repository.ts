import type { Database } from '../../native/sqlite/index.js';
import type { Scope } from './types.js';

/** When a user last looked at Home, and where "new since your last visit" starts for them. */
export interface HomeVisitRow {
  seenAt: number;
  /** Null until the user has come back after a first visit. */
  since: number | null;
}

export interface SampleSiteRow {
  siteId: string;
  createdAt: number;
  createdBy: string;
}

/** Home's own rows: the users' visits, and which sites hold sample data. */
export interface HomeRepository {
  visit(scope: Scope, userId: string): HomeVisitRow | undefined;
  /** Records a visit; a user of another tenant (or none) is ignored. */
  saveVisit(scope: Scope, userId: string, visit: HomeVisitRow): void;
  /** The tenant's sample sites (normally none or one). */
  samples(scope: Scope): SampleSiteRow[];
  markSample(scope: Scope, siteId: string, createdBy: string): void;
}

export function createHomeRepository(db: Database): HomeRepository {
  const visit = db.prepare<[string, string], HomeVisitRow>(
    'SELECT seen_at AS seenAt, since FROM home_visits WHERE tenant_id = ? AND user_id = ?',
  );
  const save = db.prepare<[number, number | null, string, string]>(
    `INSERT INTO home_visits (tenant_id, user_id, seen_at, since)
     SELECT tenant_id, id, ?, ? FROM users WHERE id = ? AND tenant_id = ?
     ON CONFLICT (tenant_id, user_id) DO UPDATE SET seen_at = excluded.seen_at, since = excluded.since`,
  );
  const samples = db.prepare<[string], SampleSiteRow>(
    'SELECT site_id AS siteId, created_at AS createdAt, created_by AS createdBy FROM sample_sites WHERE tenant_id = ? ORDER BY created_at',
  );
  const mark = db.prepare<[string, string, number, string]>(
    'INSERT INTO sample_sites (site_id, tenant_id, created_at, created_by) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
  );
  return {
    visit: (scope, userId) => visit.get(scope.tenantId, userId),
    saveVisit: (scope, userId, row) => void save.run(row.seenAt, row.since, userId, scope.tenantId),
    samples: (scope) => samples.all(scope.tenantId),
    markSample: (scope, siteId, createdBy) => void mark.run(siteId, scope.tenantId, Date.now(), createdBy),
  };
}
