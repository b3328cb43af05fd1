import type { Entity, EntityDetail, Event, SiteStatus } from '../../contract/index.js';
import { listUnresolvedAlerts } from '../unresolved-alerts.js';
import type { SiteScope, Store } from '../../store/index.js';
import type { HandlerTable } from '../../core/slice-kit/index.js';
import type { SitemapHandlerDeps } from './handler-deps.js';
import { requireSite } from '../../sites/index.js';

type Owned = 'sitemap.entities' | 'sitemap.status' | 'sitemap.entity';

/** The drill-down's recent events, and how far back it looks for a snapshot when none of those has one. */
const RECENT_EVENTS = 10;
const SNAPSHOT_LOOKBACK = 100;
/** Devices classified (camera or device) per entities search: beyond this a search is too vague anyway. */
const MAX_DEVICES_CLASSIFIED = 2_000;

const byName = (a: Entity, b: Entity): number => {
  const la = a.name.toLowerCase();
  const lb = b.name.toLowerCase();
  return la < lb ? -1 : la > lb ? 1 : a.type < b.type ? -1 : a.type > b.type ? 1 : 0;
};

/**
 * Devices of the site; a device that ever sent a detection (or a snapshot or clip) is a camera,
 * whatever it sent last: a camera's "lost signal" log must not turn it back into a plain device.
 */
function devices(store: Store, scope: SiteScope, query: string): Entity[] {
  const rows = store.devices
    .list(scope)
    .filter((d) => d.siteId === scope.siteId && d.device.toLowerCase().includes(query))
    .slice(0, MAX_DEVICES_CLASSIFIED);
  const cameras = store.events.camerasAmong(
    scope,
    scope.siteId,
    rows.map((d) => d.device),
  );
  return rows.map((d) => ({
    type: cameras.has(d.device) ? 'camera' : 'device',
    id: d.device,
    name: d.device,
    lastSeen: d.lastSeen,
  }));
}

/** Units exist only as bindings: the unit ids the draft's overlays are bound to, named by the overlay's label. */
function units(store: Store, scope: SiteScope, query: string): Entity[] {
  const found = new Map<string, Entity>();
  for (const overlay of store.sitemap.overlays(scope)) {
    const binding = overlay.binding;
    if (binding?.type !== 'unit' || found.has(binding.unitId)) continue;
    const name = overlay.label || binding.unitId;
    if (binding.unitId.toLowerCase().includes(query) || name.toLowerCase().includes(query)) {
      found.set(binding.unitId, { type: 'unit', id: binding.unitId, name, lastSeen: null });
    }
  }
  return [...found.values()];
}

/** The newest snapshot among the device's events: from the recent ones, else from a short look further back. */
function lastSnapshot(store: Store, scope: SiteScope, device: string, recent: Event[]): EntityDetail['lastSnapshot'] {
  const withSnapshot = (events: Event[]) => {
    for (const event of events) {
      const media = event.media.find((m) => m.kind === 'snapshot');
      if (media) return { eventId: event.id, time: event.time, media };
    }
    return null;
  };
  const found = withSnapshot(recent);
  if (found || recent.length < RECENT_EVENTS) return found;
  const older = store.events.list(scope, { siteId: scope.siteId, device, limit: SNAPSHOT_LOOKBACK });
  return withSnapshot(older.items);
}

export function sitemapStatusHandlers({ store, siteStatus }: SitemapHandlerDeps) {
  return {
    'sitemap.status': (input, ctx) => siteStatus.get(requireSite(store, ctx, input.siteId).scope),

    'sitemap.entities': (input, ctx) => {
      const { scope } = requireSite(store, ctx, input.siteId);
      const query = input.query.trim().toLowerCase();
      const wanted = (type: Entity['type']) => input.type === undefined || input.type === type;
      const entities: Entity[] = [];
      if (wanted('device') || wanted('camera')) {
        entities.push(...devices(store, scope, query).filter((e) => wanted(e.type)));
      }
      if (wanted('zone')) {
        for (const zone of store.sitemap.zones(scope, query, input.limit)) {
          entities.push({ type: 'zone', id: zone.name, name: zone.name, lastSeen: zone.lastSeen });
        }
      }
      if (wanted('unit')) entities.push(...units(store, scope, query));
      return { entities: entities.sort(byName).slice(0, input.limit) };
    },

    'sitemap.entity': async (input, ctx) => {
      const { scope } = requireSite(store, ctx, input.siteId);
      // The drill-down still shows events and alerts while the status source is down.
      const status: SiteStatus | null = await siteStatus.get(scope).catch(() => null);
      const isDevice = input.type === 'device' || input.type === 'camera';
      const recentEvents = isDevice
        ? store.events.list(scope, { siteId: scope.siteId, device: input.id, limit: RECENT_EVENTS }).items
        : [];
      return {
        type: input.type,
        id: input.id,
        status: status?.items.find((item) => item.id === input.id) ?? null,
        recentEvents,
        lastSnapshot: isDevice ? lastSnapshot(store, scope, input.id, recentEvents) : null,
        openAlerts: isDevice ? listUnresolvedAlerts(store.alerts, scope, input.id) : [],
      };
    },
  } satisfies Pick<HandlerTable, Owned>;
}
