/** Home (DESIGN.md "Home"): each user's landing page, served from a per-user cache that bus messages keep current. */
export { createHomeCache, type HomeCache } from './home-cache.js';
export { homeHandlers, type HomeHandlerDeps } from './handlers.js';
export { homeWatchingBus } from './home-watch.js';
export { HOME_TOPICS } from './tenant-home.js';
export type { HomeDeps, HomeStore, TunnelStatusItem } from './home-types.js';
