import { sqliteVersions, type Database } from '../../native/sqlite/index.js';
import { createAuditRepository } from './audit-repository.js';
import { createCredentialsRepository } from './credentials-repository.js';
import { createSessionsRepository } from './sessions-repository.js';
import { createSitesRepository } from './sites-repository.js';
import { createTenantsRepository } from './tenants-repository.js';
import { createUsersRepository } from './users-repository.js';
import { pipelinePlaceholder } from './pipeline-placeholder.js';
import type { Store } from './types.js';

/** The Store over an open, fully migrated database. Takes ownership of `db`. */
export function createSqliteStore(db: Database, path: string): Store {
  const libraries = sqliteVersions(db);
  const schema = db.prepare<[], number | null>('SELECT max(version) FROM schema_migrations').pluck();

  const pipeline = pipelinePlaceholder();
  return {
    sources: pipeline.sources,
    checkpoints: pipeline.checkpoints,
    events: pipeline.events,
    groups: pipeline.groups,
    templates: pipeline.templates,
    groupVectors: pipeline.groupVectors,
    counts: pipeline.counts,
    alerts: pipeline.alerts,
    alertRules: pipeline.alertRules,
    devices: pipeline.devices,
    minerState: pipeline.minerState,
    search: pipeline.search,
    path,
    versions: () => ({ ...libraries, schema: schema.get() ?? 0 }),
    transaction: <T>(fn: () => T): T => db.transaction(fn)(),
    tenants: createTenantsRepository(db),
    credentials: createCredentialsRepository(db),
    users: createUsersRepository(db),
    sites: createSitesRepository(db),
    sessions: createSessionsRepository(db),
    audit: createAuditRepository(db),
    close() {
      if (db.open) db.close();
    },
  };
}
