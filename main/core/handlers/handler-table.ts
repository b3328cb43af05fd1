import type { HandlerDeps, HandlerTable } from '../handler-types.js';
import { authHandlers } from './auth-handlers.js';
import { sitesHandlers } from './sites-handlers.js';
import { systemHandlers } from './system-handlers.js';
import { usersHandlers } from './users-handlers.js';
import { eventsHandlers } from './events-handlers.js';
import { groupsHandlers } from './groups-handlers.js';
import { alertsHandlers } from './alerts-handlers.js';
import { sourcesHandlers } from './sources-handlers.js';
import { searchHandlers } from './search-handlers.js';
import { sitemapHandlers } from './sitemap-handlers.js';
import { sitemapStatusHandlers } from './sitemap-status-handlers.js';
import { integrationsHandlers } from './integrations-handlers.js';
import { releasesHandlers } from './releases-handlers.js';
import { archiveHandlers, mediaHandlers } from '../../media/index.js';

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
    ...mediaHandlers(deps),
    ...archiveHandlers(deps),
  } satisfies HandlerTable;
}
