/** Sites: a tenant's sites (list, create, rename, re-slug), and the site lookup every site-scoped slice uses. */
export { sitesHandlers, type SitesHandlerDeps } from './handlers.js';
export { requireSite } from './site-scope.js';
