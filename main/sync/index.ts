/** The door of the sync slice: sites and the hub (issue 14). */
export { createHub, type Hub } from './hub-service.js';
export { hubRoutes } from './hub-routes.js';
export { createSiteSync, type SiteSync } from './site-service.js';
export { syncHandlers } from './handlers.js';
export { tunnelConfigWatchingBus, type HubTunnels, type SiteTunnels } from './tunnel-link.js';
