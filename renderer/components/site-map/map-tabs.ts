import type { Role, Site, SiteMapDraft } from '../../../main/contract/index.js';
import { can } from '../../api/access.js';

/**
 * The Map page's tabs and address: `?site=<id>&tab=<tab>`, so a reload or a shared link opens
 * the same site and tab. Tabs the role cannot use are not offered (the server refuses their
 * calls anyway); viewers get the map and the list of releases.
 */
export const MAP_TABS = ['view', 'edit', 'releases', 'status'] as const;
export type MapTab = (typeof MAP_TABS)[number];

export const TAB_LABELS: Record<MapTab, string> = {
  view: 'View',
  edit: 'Edit',
  releases: 'Releases',
  status: 'Status',
};

export function tabsFor(role: Role | null | undefined): MapTab[] {
  return MAP_TABS.filter((tab) => {
    if (tab === 'edit') return can(role, 'sitemap.saveOverlays');
    if (tab === 'status') return can(role, 'integrations.set');
    return true;
  });
}

export function tabFromParam(param: string | null, allowed: readonly MapTab[]): MapTab {
  return allowed.find((t) => t === param) ?? 'view';
}

/** The site in the address if the user has it, else the first one (sites come sorted by name). */
export function siteFromParam(param: string | null, sites: readonly Site[]): Site | null {
  return sites.find((s) => s.id === param) ?? sites[0] ?? null;
}

/** A site "has a map" once it has a layer or an overlay; before that the viewer has nothing to show. */
export function hasMap(draft: SiteMapDraft): boolean {
  return draft.basemap !== null || draft.overlayLayer !== null || draft.overlays.length > 0;
}

/** Left/Right/Home/End between tabs, wrapping, as the ARIA tabs pattern describes. */
export function nextTab(tabs: readonly MapTab[], current: MapTab, key: string): MapTab | null {
  const i = tabs.indexOf(current);
  if (i === -1 || tabs.length === 0) return null;
  switch (key) {
    case 'ArrowRight':
      return tabs[(i + 1) % tabs.length]!;
    case 'ArrowLeft':
      return tabs[(i - 1 + tabs.length) % tabs.length]!;
    case 'Home':
      return tabs[0]!;
    case 'End':
      return tabs[tabs.length - 1]!;
    default:
      return null;
  }
}
