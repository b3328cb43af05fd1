import type { HomeOverlay, SiteStatus } from '../contract/index.js';
import { bindingTarget } from '../sitemap/index.js';
import type { Scope, SiteScope } from '../store/index.js';
import type {
  AlertsPart,
  HomeDeps,
  HomeStore,
  SiteInfo,
  SiteStatusPart,
  SourcesPart,
  Stripped,
  TunnelsPart,
} from './home-types.js';
import type { HomeDevice, HomeGroup } from '../contract/index.js';

/** At most this many of each list are kept: Home points at what needs attention, the pages list everything. */
export const HOME_LIST_LIMIT = 50;
/** Groups first seen this long ago are no longer "new", whenever the user last visited. */
export const NEW_GROUP_HORIZON_MS = 7 * 86_400_000;

export function readSites(store: HomeStore, scope: Scope): SiteInfo[] {
  const samples = new Set(store.home.samples(scope).map((s) => s.siteId));
  return store.sites
    .list(scope)
    .map((site) => ({ id: site.id, name: site.name, slug: site.slug, sample: samples.has(site.id) }));
}

export function readAlerts(store: HomeStore, scope: Scope): AlertsPart {
  const open = { critical: 0, warning: 0, info: 0 };
  let acknowledged = 0;
  for (const row of store.alerts.liveCounts(scope)) {
    if (row.state === 'open') open[row.severity] += row.n;
    else acknowledged += row.n;
  }
  const items = store.alerts.live(scope, HOME_LIST_LIMIT).map((a) => ({
    id: a.id,
    siteId: a.siteId,
    title: a.title,
    severity: a.severity,
    state: a.state as 'open' | 'acknowledged',
    openedAt: a.openedAt,
    device: a.device,
    groupId: a.groupId,
  }));
  const states = new Map(store.alerts.liveStates(scope).map((a) => [a.id, a.state]));
  return { open, acknowledged, items, states };
}

export function readGroups(store: HomeStore, scope: Scope, now: number): Stripped<HomeGroup>[] {
  return store.groups
    .list(scope, { sort: 'firstSeen', limit: HOME_LIST_LIMIT, now })
    .items.filter((g) => g.firstSeen >= now - NEW_GROUP_HORIZON_MS)
    .map((g) => ({ id: g.id, siteId: g.siteId, template: g.template, severity: g.severity, firstSeen: g.firstSeen }));
}

export function readSources(store: HomeStore, health: HomeDeps['sourceHealth'], scope: Scope): SourcesPart {
  const rows = store.sources.list(scope);
  const failing = rows.flatMap((row) => {
    const state = health(row.id)?.state;
    return row.enabled && (state === 'degraded' || state === 'down')
      ? [{ id: row.id, siteId: row.siteId, name: row.name, state }]
      : [];
  });
  return { failing, total: rows.length, ids: new Set(rows.map((r) => r.id)) };
}

export function readTunnels(tunnels: HomeDeps['tunnels'], scope: Scope): TunnelsPart | null {
  if (!tunnels) return null;
  const part: TunnelsPart = { up: 0, stale: 0, down: 0, items: [] };
  for (const iface of tunnels(scope).items) {
    for (const peer of iface.peers) {
      part[peer.state] += 1;
      if (peer.state !== 'up') part.items.push({ interfaceId: iface.interfaceId, ...peer });
    }
  }
  part.items = part.items.slice(0, HOME_LIST_LIMIT);
  return part;
}

/**
 * A site's offline devices and cameras and its overlays in alarm, from its live status (the same one
 * the map shows): an overlay takes the status of its binding's target, else of its own external id.
 */
export function statusPart(store: HomeStore, scope: SiteScope, status: SiteStatus): SiteStatusPart {
  const offlineIds = status.items.filter((i) => i.status === 'offline').map((i) => i.id);
  const devices = new Map(
    store.devices
      .list(scope)
      .filter((d) => d.siteId === scope.siteId)
      .map((d) => [d.device, d]),
  );
  const shown = offlineIds.slice(0, HOME_LIST_LIMIT);
  const lastEvents = shown.flatMap((id) => {
    const device = devices.get(id);
    return device ? [device.lastEventId] : [];
  });
  const kinds = new Map(store.events.getMany(scope, lastEvents).map((e) => [e.id, e.kind]));
  const offline: Stripped<HomeDevice>[] = shown.map((id) => {
    const device = devices.get(id);
    return {
      siteId: scope.siteId,
      id,
      type: device && kinds.get(device.lastEventId) === 'detection' ? 'camera' : 'device',
      lastSeen: device?.lastSeen ?? null,
    };
  });
  const byId = new Map(status.items.map((i) => [i.id, i.status]));
  const alarm: HomeOverlay[] = [];
  for (const overlay of store.sitemap.overlays(scope)) {
    const target = overlay.binding === null ? null : bindingTarget(overlay.binding);
    const state = (target === null ? undefined : byId.get(target)) ?? byId.get(overlay.externalId);
    if (state !== 'alarm') continue;
    alarm.push({ siteId: scope.siteId, externalId: overlay.externalId, label: overlay.label, target });
    if (alarm.length >= HOME_LIST_LIMIT) break;
  }
  const error = status.error;
  return {
    offline,
    alarm,
    error,
    fingerprint: JSON.stringify([[...offlineIds].sort(), alarm.map((a) => a.externalId).sort(), error]),
  };
}

/** Every site's status part; a site whose status cannot be read says why instead of listing nothing silently. */
export async function readStatus(
  store: HomeStore,
  siteStatus: HomeDeps['siteStatus'],
  scope: Scope,
  sites: readonly SiteInfo[],
): Promise<Map<string, SiteStatusPart>> {
  const parts = new Map<string, SiteStatusPart>();
  await Promise.all(
    sites.map(async (site) => {
      const siteScope = { tenantId: scope.tenantId, siteId: site.id };
      try {
        parts.set(site.id, statusPart(store, siteScope, await siteStatus(siteScope)));
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        parts.set(site.id, { offline: [], alarm: [], error, fingerprint: JSON.stringify([[], [], error]) });
      }
    }),
  );
  return parts;
}
