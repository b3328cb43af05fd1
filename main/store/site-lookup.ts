import { OutpostError } from '../contract/index.js';
import type { Database } from '../../native/sqlite/index.js';
import type { SiteScope } from './pipeline-types.js';

export interface ScopedSite {
  slug: string;
  name: string;
}

/**
 * Writers of a site's rows check the site first: the composite foreign keys would refuse another
 * tenant's site on insert, but an upsert that hits an existing row updates it instead of inserting,
 * so the check must come before the write, not from it.
 */
export function createSiteLookup(db: Database): (scope: SiteScope) => ScopedSite {
  const bySite = db.prepare<[string, string], ScopedSite>(
    'SELECT slug, name FROM sites WHERE id = ? AND tenant_id = ?',
  );
  return (scope) => {
    const site = bySite.get(scope.siteId, scope.tenantId);
    if (!site) {
      throw new OutpostError(
        'not_found',
        `There is no site ${scope.siteId} in this tenant. Pick a site from the list (Settings → Sites) and try again.`,
      );
    }
    return site;
  };
}
