import type { Database } from '../../native/sqlite/index.js';
import type { SiteScope } from './pipeline-types.js';
import type { SyncFile, SyncFilesRepository } from './sync-types.js';

/*
 * The files a site's documents name by content (site-map layers of drafts and releases): what sync
 * carries beside the documents, once per hash. Only files of the scope's own site are listed or
 * found, so a site's credential can never fetch or plant another site's files.
 */
export function createSyncFiles(db: Database): SyncFilesRepository {
  const FILES = `
    SELECT sha256, content_type AS contentType, size FROM sitemap_assets WHERE tenant_id = @tenantId AND site_id = @siteId
    UNION
    SELECT a.sha256, a.content_type, a.size FROM release_assets a JOIN releases r ON r.id = a.release_id
    WHERE r.tenant_id = @tenantId AND r.site_id = @siteId`;
  const list = db.prepare<SiteScope, SyncFile>(
    `SELECT sha256, contentType, max(size) AS size FROM (${FILES}) GROUP BY sha256 ORDER BY sha256`,
  );
  const find = db.prepare<SiteScope & { sha256: string }, SyncFile>(
    `SELECT sha256, contentType, size FROM (${FILES}) WHERE sha256 = @sha256 LIMIT 1`,
  );
  return {
    list: (scope) => list.all({ tenantId: scope.tenantId, siteId: scope.siteId }),
    find: (scope, sha256) => find.get({ tenantId: scope.tenantId, siteId: scope.siteId, sha256 }),
  };
}
