import { roleAtLeast, type Home, type Role } from '../contract/index.js';
import type { Sections } from './home-types.js';

/** Items of each kind a Home shows; the counts above them cover everything. */
export const HOME_ITEMS = 20;
/** On a first visit (nothing to compare with) Home lists groups first seen within this long. */
export const FIRST_VISIT_WINDOW_MS = 24 * 3_600_000;

export interface ViewOptions {
  /** "New" is after this; null on a first visit. */
  since: number | null;
  role: Role;
  now: number;
}

/**
 * One user's Home from their tenant's shared sections: what they may see (tunnels need an operator)
 * and what is new to them (after `since`). Pure, and cheap: a cached Home is made again with it
 * for every user whenever a section changes. `validUntil` is when a time-bound item (a spike, a
 * first visit's window) stops showing, so the answer is made again then.
 */
export function assembleHome(
  sections: Sections,
  { since, role, now }: ViewOptions,
): { home: Home; validUntil: number } {
  let validUntil = Number.POSITIVE_INFINITY;
  const isNew = (at: number | null) => since !== null && at !== null && at > since;
  const visibleSites = new Set(sections.sites.map((s) => s.id));

  const offline = [...sections.status.values()].flatMap((part) => part.offline);
  const groupsFrom = since ?? now - FIRST_VISIT_WINDOW_MS;
  const newGroups = sections.groups.filter((g) => g.firstSeen > groupsFrom).slice(0, HOME_ITEMS);
  if (since === null) for (const g of newGroups) validUntil = Math.min(validUntil, g.firstSeen + FIRST_VISIT_WINDOW_MS);
  const spiking = [...sections.spikes.values()]
    .filter((s) => s.until > now && visibleSites.has(s.siteId))
    .sort((a, b) => b.at - a.at)
    .slice(0, HOME_ITEMS);
  for (const s of spiking) validUntil = Math.min(validUntil, s.until);
  const sync = [...sections.sync.values()].filter((s) => visibleSites.has(s.siteId));
  const samples = sections.sites.some((s) => s.sample);

  const home: Home = {
    generatedAt: now,
    since,
    sites: sections.sites.map((site) => ({ ...site, statusError: sections.status.get(site.id)?.error ?? null })),
    alerts: {
      open: { ...sections.alerts.open },
      acknowledged: sections.alerts.acknowledged,
      items: sections.alerts.items.slice(0, HOME_ITEMS).map((a) => ({ ...a, isNew: isNew(a.openedAt) })),
    },
    offline: {
      devices: offline.filter((d) => d.type === 'device').length,
      cameras: offline.filter((d) => d.type === 'camera').length,
      items: offline.slice(0, HOME_ITEMS).map((d) => ({ ...d, isNew: isNew(d.lastSeen) })),
    },
    groups: {
      new: newGroups.map((g) => ({ ...g, isNew: isNew(g.firstSeen) })),
      spiking: spiking.map(({ until: _until, ...s }) => ({ ...s, isNew: isNew(s.at) })),
    },
    overlays: { alarm: [...sections.status.values()].flatMap((part) => part.alarm).slice(0, HOME_ITEMS) },
    sources: { failing: sections.sources.failing.slice(0, HOME_ITEMS) },
    tunnels:
      sections.tunnels && roleAtLeast(role, 'operator')
        ? { ...sections.tunnels, items: sections.tunnels.items.slice(0, HOME_ITEMS) }
        : null,
    sync: sync.length > 0 ? { sites: sync.sort((a, b) => a.siteId.localeCompare(b.siteId)) } : null,
    empty: sections.sources.total === 0 && !samples,
  };
  return { home, validUntil };
}
