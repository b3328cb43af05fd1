import { z } from 'zod';
import { defineMethod } from './method.js';
import { Empty, Id, Millis } from './common.js';
import { AlertSeverity } from './alerts.js';
import { EventSeverity } from './events.js';
import { PeerState } from './tunnels-model.js';

/**
 * Home: what needs the caller's attention now, and what is new since their last visit, over the
 * sites they can see. Every item names what it is about by id; the app links each to the page
 * where it is handled. `isNew`: it happened after `since`.
 */

export const HomeSite = z.object({
  id: Id,
  name: z.string(),
  slug: z.string(),
  /** Holds sample data ("Load sample site"), removable in one click. */
  sample: z.boolean(),
  /** Why the site's live status could not be read (its devices and overlays are then not listed). */
  statusError: z.string().nullable(),
});
export type HomeSite = z.infer<typeof HomeSite>;

export const HomeAlert = z.object({
  id: Id,
  siteId: Id,
  title: z.string(),
  severity: AlertSeverity,
  state: z.enum(['open', 'acknowledged']),
  openedAt: Millis,
  device: z.string().nullable(),
  groupId: Id.nullable(),
  isNew: z.boolean(),
});
export type HomeAlert = z.infer<typeof HomeAlert>;

export const HomeDevice = z.object({
  siteId: Id,
  /** The device's name as its events give it. */
  id: z.string(),
  /** A device whose latest event is a detection is a camera. */
  type: z.enum(['device', 'camera']),
  lastSeen: Millis.nullable(),
  isNew: z.boolean(),
});
export type HomeDevice = z.infer<typeof HomeDevice>;

export const HomeGroup = z.object({
  id: Id,
  siteId: Id,
  template: z.string(),
  severity: EventSeverity,
  firstSeen: Millis,
  isNew: z.boolean(),
});
export type HomeGroup = z.infer<typeof HomeGroup>;

export const HomeSpike = z.object({
  groupId: Id,
  siteId: Id,
  template: z.string(),
  /** Events in the minute that spiked, and how many were expected. */
  count: z.number().int().nonnegative(),
  expected: z.number().nonnegative(),
  at: Millis,
  isNew: z.boolean(),
});
export type HomeSpike = z.infer<typeof HomeSpike>;

export const HomeOverlay = z.object({
  siteId: Id,
  externalId: z.string(),
  label: z.string(),
  /** The device, camera, zone or unit it is bound to, when bound. */
  target: z.string().nullable(),
});
export type HomeOverlay = z.infer<typeof HomeOverlay>;

export const HomeSource = z.object({
  id: Id,
  siteId: Id,
  name: z.string(),
  state: z.enum(['degraded', 'down']),
});
export type HomeSource = z.infer<typeof HomeSource>;

export const HomeTunnelPeer = z.object({
  interfaceId: Id,
  peerId: Id,
  name: z.string(),
  siteId: Id.nullable(),
  state: PeerState,
  handshakeAgeSeconds: z.number().int().nonnegative().nullable(),
});
export type HomeTunnelPeer = z.infer<typeof HomeTunnelPeer>;

/**
 * One site's sync state, as the sync slice reports it on the bus (topic `sync.state`). Home shows
 * the latest report of each site; until the sync slice reports, Home has no sync section.
 */
export const SyncSiteState = z.object({
  siteId: Id,
  /** ok: in step; pending: records wait in the outbox; failing: the last attempts failed; offline: the peer cannot be reached; not-enrolled: the site was never paired with a hub. */
  state: z.enum(['ok', 'pending', 'failing', 'offline', 'not-enrolled']),
  pendingRecords: z.number().int().nonnegative(),
  lastSyncAt: Millis.nullable(),
  error: z.string().nullable(),
  at: Millis,
});
export type SyncSiteState = z.infer<typeof SyncSiteState>;

const Counts = z.object({
  critical: z.number().int().nonnegative(),
  warning: z.number().int().nonnegative(),
  info: z.number().int().nonnegative(),
});

export const Home = z.object({
  /** When this answer was computed: the cache serves it until something it shows changes. */
  generatedAt: Millis,
  /** Where "new since your last visit" starts; null on a first visit. */
  since: Millis.nullable(),
  sites: z.array(HomeSite),
  alerts: z.object({
    /** Open (not yet acknowledged) alerts by severity. */
    open: Counts,
    acknowledged: z.number().int().nonnegative(),
    /** The most urgent open and acknowledged alerts, critical first. */
    items: z.array(HomeAlert),
  }),
  offline: z.object({
    devices: z.number().int().nonnegative(),
    cameras: z.number().int().nonnegative(),
    items: z.array(HomeDevice),
  }),
  groups: z.object({ new: z.array(HomeGroup), spiking: z.array(HomeSpike) }),
  overlays: z.object({ alarm: z.array(HomeOverlay) }),
  sources: z.object({ failing: z.array(HomeSource) }),
  /** Null when the caller's role does not see tunnels (operators and above do). */
  tunnels: z
    .object({
      up: z.number().int().nonnegative(),
      stale: z.number().int().nonnegative(),
      down: z.number().int().nonnegative(),
      /** Stale and down peers. */
      items: z.array(HomeTunnelPeer),
    })
    .nullable(),
  /** Null until the sync slice has reported a site's state. */
  sync: z.object({ sites: z.array(SyncSiteState) }).nullable(),
  /** True when nothing sends events yet (no source on any site): the app offers the sample site. */
  empty: z.boolean(),
});
export type Home = z.infer<typeof Home>;

export const HomeCacheStats = z.object({
  /** Users of the caller's tenant with a cached Home. */
  entries: z.number().int().nonnegative(),
  hits: z.number().int().nonnegative(),
  misses: z.number().int().nonnegative(),
  /** hits ÷ (hits + misses); null before the first read. */
  hitRate: z.number().min(0).max(1).nullable(),
  /** Misses by why the answer had to be made: none cached yet, a change, a time-bound item ended, a new visit. */
  missesByReason: z.record(z.string(), z.number().int().nonnegative()),
  /** Changes that made cached Homes out of date. */
  invalidations: z.number().int().nonnegative(),
  /** Cached Homes made again in the background after a change, before anyone asked. */
  refreshes: z.number().int().nonnegative(),
  /** Age of the oldest and newest cached Home, in milliseconds. */
  oldestAgeMs: z.number().nonnegative().nullable(),
  newestAgeMs: z.number().nonnegative().nullable(),
});
export type HomeCacheStats = z.infer<typeof HomeCacheStats>;

export const homeMethods = {
  'home.get': defineMethod({
    name: 'home.get',
    summary:
      "What needs the caller's attention on the sites they can see, and what is new since their last visit (served from a per-user cache kept current by live changes).",
    input: Empty,
    output: Home,
    access: 'viewer',
    tenantScoped: true,
    mutates: false,
  }),
  'home.markVisited': defineMethod({
    name: 'home.markVisited',
    summary:
      'Records that the caller looked at Home now. After 30 minutes away, the next visit counts "new" from this one.',
    input: Empty,
    output: z.object({ seenAt: Millis, since: Millis.nullable() }),
    access: 'viewer',
    tenantScoped: true,
    // A read receipt, not a change anyone reviews: kept out of the audit log.
    mutates: false,
  }),
  'home.cacheStats': defineMethod({
    name: 'home.cacheStats',
    summary: "The Home cache of the caller's tenant: entries, hits, misses and ages.",
    input: Empty,
    output: HomeCacheStats,
    access: 'admin',
    tenantScoped: true,
    mutates: false,
  }),
  'home.invalidate': defineMethod({
    name: 'home.invalidate',
    summary: "Drops one user's cached Home (userId), or every cached Home of the caller's tenant.",
    input: z.object({ userId: Id.optional() }).strict(),
    output: z.object({ invalidated: z.number().int().nonnegative() }),
    access: 'admin',
    tenantScoped: true,
    mutates: true,
  }),
};
