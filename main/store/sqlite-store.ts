import { sqliteVersions, timeStatements, type Database, type StatementTimingHooks } from '../../native/sqlite/index.js';
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
import { createMediaRepository } from './media-repository.js';
import { createArchiveRepository } from './archive-repository.js';
import { createRetentionRepository } from './retention-repository.js';
import { createMediaFetchesRepository } from './media-fetches-repository.js';
import { createGroupVectorsRepository } from './group-vectors-repository.js';
import { createGroupsRepository } from './groups-repository.js';
import { createIntegrationsRepository } from './integrations-repository.js';
import { createReleasesRepository } from './releases-repository.js';
import { createSearchRepository } from './search-repository.js';
import { createSitemapRepository } from './sitemap-repository.js';
import {
  createCheckpointsRepository,
  createDeviceSitesRepository,
  createDevicesRepository,
  createMinerStateRepository,
} from './source-state-repositories.js';
import { createSourcesRepository } from './sources-repository.js';
import { createTemplatesRepository } from './templates-repository.js';
import { createTunnelsRepository } from './tunnels-repository.js';
import { createHomeRepository } from './home-repository.js';
import { createSiteRemovalRepository } from './site-removal-repository.js';
import { createUserLinksRepository } from './user-links-repository.js';
import { createSyncFiles } from './sync-files.js';
import { createSyncDocs } from './sync-documents.js';
import { createSyncHubRepository } from './sync-hub-repository.js';
import { createSyncApplier } from './sync-hub-apply.js';
import { createSyncSiteRepository } from './sync-site-repository.js';
import type { Store } from './types.js';

/**
 * Connection settings for sustained event ingestion; none of them weakens durability (WAL and
 * `synchronous=NORMAL` stay as native/sqlite sets them). A checkpoint every 10,000 WAL pages
 * (~40 MB) instead of SQLite's 1,000: a batch dirties hundreds of index pages, so the default
 * checkpointed (copied back and fsynced) after almost every batch, and the same hot pages again at
 * the next. The WAL file is cut back to 64 MB after a checkpoint so it does not stay at its peak.
 * A 32 MB page cache keeps the hot leaves of the events indexes (one per group and device) in
 * memory; it is a ceiling, filled only as pages are used.
 */
function tuneForIngest(db: Database): void {
  if (db.readonly || db.memory) return;
  db.pragma('wal_autocheckpoint = 10000');
  db.pragma('journal_size_limit = 67108864');
  db.pragma('cache_size = -32000');
}

/**
 * The Store over an open, fully migrated database. Takes ownership of `db`. With `timing`, every
 * statement of every repository reports its run time, named after the repository (`events.select_events`).
 */
export function createSqliteStore(db: Database, path: string, timing?: StatementTimingHooks): Store {
  tuneForIngest(db);
  const libraries = sqliteVersions(db);
  const schema = db.prepare<[], number | null>('SELECT max(version) FROM schema_migrations').pluck();
  const as = (repository: string): Database => (timing ? timeStatements(db, repository, timing) : db);
  const syncDocs = createSyncDocs(as('syncDocs'));
  const guard = db.prepare<[number]>('UPDATE sync_apply_guard SET applying = ? WHERE id = 1');
  const guarded = db.transaction(<T>(fn: () => T): T => {
    guard.run(1);
    try {
      return fn();
    } finally {
      guard.run(0);
    }
  });

  return {
    sources: createSourcesRepository(as('sources')),
    checkpoints: createCheckpointsRepository(as('checkpoints')),
    events: createEventsRepository(as('events')),
    eventMedia: createEventMediaRepository(as('eventMedia')),
    media: createMediaRepository(as('media')),
    archive: createArchiveRepository(as('archive')),
    retention: createRetentionRepository(as('retention')),
    mediaFetches: createMediaFetchesRepository(as('mediaFetches')),
    groups: createGroupsRepository(as('groups')),
    templates: createTemplatesRepository(as('templates')),
    groupVectors: createGroupVectorsRepository(as('groupVectors')),
    counts: createCountsRepository(as('counts')),
    alerts: createAlertsRepository(as('alerts')),
    alertRules: createAlertRulesRepository(as('alertRules')),
    devices: createDevicesRepository(as('devices')),
    deviceSites: createDeviceSitesRepository(as('deviceSites')),
    minerState: createMinerStateRepository(as('minerState')),
    search: createSearchRepository(as('search')),
    sitemap: createSitemapRepository(as('sitemap')),
    integrations: createIntegrationsRepository(as('integrations')),
    releases: createReleasesRepository(as('releases')),
    tunnels: createTunnelsRepository(as('tunnels')),
    syncSite: createSyncSiteRepository(as('syncSite'), syncDocs),
    syncHub: createSyncHubRepository(as('syncHub')),
    syncDocs,
    syncFiles: createSyncFiles(as('syncFiles')),
    syncApply: createSyncApplier(as('syncApply')),
    syncGuarded: <T>(fn: () => T): T => guarded(fn) as T,
    path,
    versions: () => ({ ...libraries, schema: schema.get() ?? 0 }),
    transaction: <T>(fn: () => T): T => db.transaction(fn)(),
    tenants: createTenantsRepository(as('tenants')),
    credentials: createCredentialsRepository(as('credentials')),
    users: createUsersRepository(as('users')),
    sites: createSitesRepository(as('sites')),
    sessions: createSessionsRepository(as('sessions')),
    userLinks: createUserLinksRepository(as('userLinks')),
    home: createHomeRepository(as('home')),
    siteRemoval: createSiteRemovalRepository(as('siteRemoval')),
    audit: createAuditRepository(as('audit')),
    close() {
      if (db.open) db.close();
    },
  };
}
