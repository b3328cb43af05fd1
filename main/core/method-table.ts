import type { HandlerDeps, HandlerTable } from './slice-kit/handler-types.js';
import { authHandlers } from '../auth/auth-handlers.js';
import { sitesHandlers } from '../sites/handlers.js';
import { systemHandlers } from './system-handlers.js';
import { usersHandlers } from '../auth/users-handlers.js';
import { eventsHandlers } from '../pipeline/handlers/events-handlers.js';
import { groupsHandlers } from '../pipeline/handlers/groups-handlers.js';
import { alertsHandlers } from '../pipeline/handlers/alerts-handlers.js';
import { sourcesHandlers } from '../pipeline/handlers/sources-handlers.js';
import { searchHandlers } from '../pipeline/handlers/search-handlers.js';
import { sitemapHandlers } from '../sitemap/handlers/sitemap-handlers.js';
import { sitemapStatusHandlers } from '../sitemap/handlers/sitemap-status-handlers.js';
import { integrationsHandlers } from '../sitemap/handlers/integrations-handlers.js';
import { releasesHandlers } from '../sitemap/handlers/releases-handlers.js';

/** Every contract method with its handler: a method added to the contract without one fails to typecheck. */
export function createHandlerTable(deps: HandlerDeps): HandlerTable {
  return {
    ...systemHandlers(deps),
    ...authHandlers(deps),
    ...usersHandlers(deps),
    ...sitesHandlers(deps),
    ...eventsHandlers(deps),
    ...groupsHandlers(deps),
    ...alertsHandlers(deps),
    ...sourcesHandlers(deps),
    ...searchHandlers(deps),
    ...sitemapHandlers(deps),
    ...sitemapStatusHandlers(deps),
    ...integrationsHandlers(deps),
    ...releasesHandlers(deps),
  } satisfies HandlerTable;
}
