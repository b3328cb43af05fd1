/** Sites: a tenant's sites (list, create, rename, re-slug, remove), and the site lookup every site-scoped slice uses. */
export { sitesHandlers, type SitesHandlerDeps } from './handlers.js';
export { createSiteRemover, type SiteLifecycle, type SiteRemover } from './site-remover.js';
export { requireSite } from './site-scope.js';
