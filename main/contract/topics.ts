import { z } from 'zod';
import { AlertSeverity } from './alerts.js';
import { Id, Millis } from './common.js';
import { ReleaseEnvSchema } from './release-manifest.js';
import { SiteStatus } from './sitemap.js';
import { SyncSiteState } from './home.js';

/**
 * Live-update topics carried by the subscription channel (SSE over HTTP, IPC events in Electron).
 * Every payload is tenant-scoped: a subscriber only receives its own tenant's messages.
 */
export const topics = {
  'sites.changed': z.object({ siteId: Id, action: z.enum(['created', 'updated', 'deleted']) }),
  'users.changed': z.object({ userId: Id, action: z.enum(['created', 'updated', 'deleted']) }),
  'events.created': z.object({ ids: z.array(Id), siteId: Id }),
  'groups.changed': z.object({ groupId: Id, action: z.enum(['created', 'updated', 'merged', 'split']) }),
  'alerts.changed': z.object({
    alertId: Id,
    state: z.enum(['open', 'acknowledged', 'resolved']),
    title: z.string(),
    severity: AlertSeverity,
    /** True only when this change opened a new alert (not a repeat of an open one): worth a desktop notification. */
    created: z.boolean(),
    /** The alert's site (every publisher in Outpost sets it; optional for older publishers). */
    siteId: Id.optional(),
  }),
  /** The spike detector found a group's last minute far above its usual rate. */
  'groups.spike': z.object({
    groupId: Id,
    siteId: Id,
    count: z.number().int().nonnegative(),
    expected: z.number().nonnegative(),
    score: z.number(),
    at: Millis,
  }),
  /**
   * A site's sync state: the slot the sync slice fills (issue 14). Home shows the latest report of
   * each site; publish on every change of state and once at start-up.
   */
  'sync.state': SyncSiteState,
  /** Cached Homes of the tenant were brought up to date after a change: an open Home asks home.get again. */
  'home.changed': z.object({ at: Millis }),
  /** The draft map changed (another editor saved, an import committed, a layer was uploaded). */
  'sitemap.changed': z.object({ siteId: Id, revision: z.number().int().nonnegative() }),
  /** A site's live status changed: the whole new status, so viewers need not ask again. */
  'sitemap.status': SiteStatus,
  /** Progress of a large import, for its progress bar (`progressId` is the caller's). */
  'sitemap.importProgress': z.object({
    siteId: Id,
    progressId: z.string(),
    done: z.number().int(),
    total: z.number().int(),
  }),
  'releases.changed': z.object({
    siteId: Id,
    env: ReleaseEnvSchema,
    version: z.number().int().positive(),
    action: z.enum(['published', 'rolled-back']),
    at: Millis,
  }),
  'sources.health': z.object({ sourceId: Id, state: z.enum(['ok', 'degraded', 'down', 'stopped']) }),
  /** An interface, a peer or a peer's state changed: lists refresh. */
  'tunnels.changed': z.object({
    interfaceId: Id,
    peerId: Id.nullable(),
    action: z.enum(['created', 'updated', 'removed', 'up', 'down', 'state', 'rotated']),
  }),
  /**
   * A site's config changed on the hub (created, keys rotated, reachability, endpoint): the site
   * needs the new one (sync delivers it; until then an admin exports it). No secret in here: the
   * receiver asks the tunnels slice for the config.
   */
  'tunnels.peerConfigChanged': z.object({
    interfaceId: Id,
    peerId: Id,
    siteId: Id.nullable(),
    reason: z.enum(['created', 'rotated', 'reachability', 'interface']),
  }),
};

export type TopicName = keyof typeof topics;
export type TopicPayload<T extends TopicName> = z.infer<(typeof topics)[T]>;
export const TOPIC_NAMES = Object.keys(topics) as TopicName[];
