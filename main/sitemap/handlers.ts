import type { integrationsMethods, releasesMethods, sitemapMethods } from '../contract/index.js';
import type { HandlerTable } from '../core/slice-kit/index.js';
import type { SitemapHandlerDeps } from './handlers/handler-deps.js';
import { integrationsHandlers } from './handlers/integrations-handlers.js';
import { releasesHandlers } from './handlers/releases-handlers.js';
import { draftHandlers } from './handlers/sitemap-handlers.js';
import { sitemapStatusHandlers } from './handlers/sitemap-status-handlers.js';

type Owned = keyof typeof sitemapMethods | keyof typeof integrationsMethods | keyof typeof releasesMethods;

/** The site-map slice's methods: the draft map and its files, live status, integrations, releases. */
export function sitemapHandlers(deps: SitemapHandlerDeps) {
  return {
    ...draftHandlers(deps),
    ...sitemapStatusHandlers(deps),
    ...integrationsHandlers(deps),
    ...releasesHandlers(deps),
  } satisfies Pick<HandlerTable, Owned>;
}
