import { sqliteVersions, type Database } from '../../native/sqlite/index.js';
import { createAuditRepository } from './audit-repository.js';
import { createCredentialsRepository } from './credentials-repository.js';
import { createSessionsRepository } from './sessions-repository.js';
import { createSitesRepository } from './sites-repository.js';
import { createTenantsRepository } from './tenants-repository.js';
import { createUsersRepository } from './users-repository.js';
import { createAlertRulesRepository } from './alert-rules-repository.js';
import { createAlertsRepository } from './alerts-repository.js';
import { createCountsRepository } from './counts-repository.js';
import { createEventsRepository } from './events-repository.js';
import { createEventMediaRepository } from './event-media-repository.js';
import { createGroupVectorsRepository } from './group-vectors-repository.js';
import { createGroupsRepository } from './groups-repository.js';
import { createSearchRepository } from './search-repository.js';
import {
  createCheckpointsRepository,
  createDevicesRepository,
  createMinerStateRepository,
} from './source-state-repositories.js';
import { createSourcesRepository } from './sources-repository.js';
import { createTemplatesRepository } from './templates-repository.js';
import type { Store } from './types.js';

/** The Store over an open, fully migrated database. Takes ownership of `db`. */
export function createSqliteStore(db: Database, path: string): Store {
  const libraries = sqliteVersions(db);
  const schema = db.prepare<[], number | null>('SELECT max(version) FROM schema_migrations').pluck();

  return {
    sources: createSourcesRepository(db),
    checkpoints: createCheckpointsRepository(db),
    events: createEventsRepository(db),
    eventMedia: createEventMediaRepository(db),
    groups: createGroupsRepository(db),
    templates: createTemplatesRepository(db),
    groupVectors: createGroupVectorsRepository(db),
    counts: createCountsRepository(db),
    alerts: createAlertsRepository(db),
    alertRules: createAlertRulesRepository(db),
    devices: createDevicesRepository(db),
    minerState: createMinerStateRepository(db),
    search: createSearchRepository(db),
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
