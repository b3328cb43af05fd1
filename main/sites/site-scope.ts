import { OutpostError } from '../contract/index.js';
import type { SiteRow, SiteScope, Store } from '../store/index.js';
import { scopeOf, type HandlerContext } from '../core/slice-kit/index.js';

/**
 * The caller's site `siteId` and the scope every site-map query runs in. Another tenant's site and
 * a missing one get the same `not_found`: a site's existence is never revealed across tenants.
 */
export function requireSite(store: Store, ctx: HandlerContext, siteId: string): { site: SiteRow; scope: SiteScope } {
  const { tenantId } = scopeOf(ctx);
  const site = store.sites.get({ tenantId }, siteId);
  if (!site) {
    throw new OutpostError('not_found', `There is no site ${siteId}. Check the id with sites.list.`, {
      issues: [{ path: 'siteId', message: 'no such site' }],
    });
  }
  return { site, scope: { tenantId, siteId: site.id } };
}
