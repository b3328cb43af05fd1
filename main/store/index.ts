export {
  openStore,
  migrationStatus,
  migrateUp,
  migrateDown,
  type OpenStoreOptions,
  type MigrateOptions,
} from './open-store.js';
export type { StatementTimingHooks } from '../../native/sqlite/index.js';
export { LATEST_SCHEMA_VERSION } from './known-migrations.js';
export { DATABASE_FILE, BACKUPS_FOLDER, databasePath, backupsDir } from './store-paths.js';
export { MigrationError, type MigrationProblem } from './migration-error.js';
export { BACKUPS_KEPT, listBackups } from './backups.js';
export type * from './types.js';
export type * from './pipeline-types.js';
export type * from './alert-types.js';
export type * from './source-types.js';
export type * from './sitemap-types.js';
export type * from './tunnels-types.js';
export type { EventMediaInfo, EventMediaRepository } from './event-media-repository.js';
export { freshSchemaMarkdown, SCHEMA_DOC } from './schema-doc.js';
export type * from './media-types.js';
export type { ArchivePart, ArchiveRepository, ArchiveTargetRow, ArchiveUploadRow } from './archive-repository.js';
export type { RetentionRepository, RetentionRuleRow } from './retention-repository.js';
export type { MediaFetchRow, MediaFetchesRepository } from './media-fetches-repository.js';
export type { UserLinkPurpose, UserLinkRow, UserLinksRepository } from './user-links-repository.js';
export type { HomeRepository, HomeVisitRow, SampleSiteRow } from './home-repository.js';
export type { SiteRemovalImpact, SiteRemovalRepository } from './site-removal-repository.js';
export type * from './sync-types.js';
export { SNAPSHOT_TABLES } from './sync-types.js';
export type { SyncApplier } from './sync-hub-apply.js';
export { mirrorId } from './sync-ids.js';
export { SYNC_TRIGGERS } from './migrations/014-sync.js';
