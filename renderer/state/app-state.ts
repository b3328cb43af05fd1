import { createApiClient } from '../api/client.js';
import { createAlertsStore } from './alerts.js';
import { createEventFeedStore } from './event-feed.js';
import { createGroupsStore } from './groups.js';
import { createLayoutStore } from './layout.js';
import { createHomeStore } from './home.js';
import { createHubStore } from './hub.js';
import { createSessionStore } from './session.js';
import { createSearchStore } from './search.js';
import { createSiteMapStore } from './site-map.js';
import { createSitesStore } from './sites.js';
import { createSourcesStore } from './sources.js';
import { createSyncStore } from './sync.js';
import { createSystemInfoStore } from './system-info.js';
import { browserStorage } from './storage.js';
import { createThemeStore } from './theme.js';
import { createTunnelsStore } from './tunnels.js';
import { can } from '../api/access.js';

/** The app's single instances, wired together. Tests build their own with the factories. */
const storage = browserStorage();

export const useSession = createSessionStore({
  api: () => api,
  storage,
  keepToken: !globalThis.window?.outpost,
});

export const api = createApiClient({
  getToken: () => useSession.getState().token,
  onUnauthenticated: () => useSession.getState().expire(),
});

export const useTheme = createThemeStore(storage);
export const useLayout = createLayoutStore(storage);

export const useSites = createSitesStore(() => api);
export const useEventFeed = createEventFeedStore(() => api);
export const useGroups = createGroupsStore(() => api);
export const useAlerts = createAlertsStore(() => api);
export const useSources = createSourcesStore(() => api);
export const useSearch = createSearchStore(() => api);
export const useSiteMap = createSiteMapStore(() => api);
export const useTunnels = createTunnelsStore(() => api);
export const useHome = createHomeStore(() => api);
export const useSystemInfo = createSystemInfoStore(() => api);
export const useSync = createSyncStore(
  () => api,
  () => can(useSession.getState().user?.role, 'sync.conflicts'),
);
export const useHub = createHubStore(
  () => api,
  () => can(useSession.getState().user?.role, 'hub.enrolments'),
);

useSession.subscribe((state, previous) => {
  if (state.status === 'signed-out' && previous.status !== 'signed-out') {
    for (const store of [
      useSites,
      useEventFeed,
      useGroups,
      useAlerts,
      useSources,
      useSearch,
      useSiteMap,
      useTunnels,
      useHome,
      useSystemInfo,
      useSync,
      useHub,
    ]) {
      store.getState().reset();
    }
  }
});
