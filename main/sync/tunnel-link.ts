import type { TopicPayload } from '../contract/index.js';
import type { EventBus, Logger } from '../core/slice-kit/index.js';
import type { Scope, SiteScope, Store } from '../store/index.js';
import { parseDocBody, type PullChange } from './protocol/index.js';

/*
 * Sync carries each enrolled site's WireGuard config (issues 13 and 14): the enrolment answer holds
 * the first one, and a rotation or a grant on the hub becomes a `tunnel` change in the site's pull,
 * rendered when it is pulled (so it is always the config of now) and applied live on the site.
 * The tunnels slice does the WireGuard part behind these narrow doors (main/tunnels/sync-link.ts).
 */

export interface TunnelDocBody {
  config: string;
  interfaceName: string;
}

/** The hub's side: a peer per enrolled site on the sync interface. */
export interface HubTunnels {
  enrolPeer(
    scope: SiteScope,
    siteName: string,
  ): Promise<{ peerId: string; doc: TunnelDocBody; hubAddress: string } | null>;
  siteDoc(scope: Scope, peerId: string): TunnelDocBody | null;
  removePeer(scope: Scope, peerId: string): Promise<void>;
  state(
    scope: Scope,
    peerId: string | null,
  ): { state: 'up' | 'stale' | 'down' | 'none'; handshakeAgeSeconds: number | null };
}

/** The site's side: the hub's config onto this site's interface. */
export interface SiteTunnels {
  applySiteConfig(scope: SiteScope, doc: TunnelDocBody): Promise<{ running: boolean; problem: string | null }>;
  /** Why the site's tunnel is not up, in one sentence; null when it runs (or there is none). */
  tunnelProblem(scope: SiteScope): string | null;
}

/**
 * On the hub: a changed site config (rotation, reachability, endpoint) goes into that site's change
 * log, for its next pull. A peer that is not an enrolled site's tunnel (added by hand) is left to
 * export and import as before; a revoked site gets nothing.
 */
export function logTunnelChange(
  store: Store,
  tenantId: string,
  change: TopicPayload<'tunnels.peerConfigChanged'>,
  at: number,
): boolean {
  // The enrolment answer carries a new peer's config already.
  if (change.reason === 'created' || change.siteId === null) return false;
  const site = store.syncHub.site({ tenantId }, change.siteId);
  if (!site || site.revokedAt !== null || site.tunnelPeerId !== change.peerId) return false;
  store.syncHub.logChange({ tenantId, siteId: site.siteId }, 'tunnel', change.peerId, 'hub', at);
  return true;
}

/** A bus that also tells `listener` of every `tunnels.peerConfigChanged` (of any tenant). */
export function tunnelConfigWatchingBus(
  bus: EventBus,
  listener: (tenantId: string, change: TopicPayload<'tunnels.peerConfigChanged'>) => void,
): EventBus {
  return {
    publish(tenantId, topic, payload) {
      bus.publish(tenantId, topic, payload);
      if (topic === 'tunnels.peerConfigChanged')
        listener(tenantId, payload as TopicPayload<'tunnels.peerConfigChanged'>);
    },
    subscribe: (tenantId, topicNames, listener) => bus.subscribe(tenantId, topicNames, listener),
    clear: () => bus.clear(),
  };
}

/**
 * On a site, after a checkpoint is applied: the newest tunnel config in it, applied live (the
 * interface keeps its sessions; a new key shakes hands at once). A config that cannot be applied is
 * an error of this exchange, in words, never the config itself.
 */
export async function applyPulledTunnel(
  tunnels: SiteTunnels | undefined,
  scope: SiteScope,
  changes: readonly PullChange[],
  log: Logger,
): Promise<void> {
  const latest = changes.filter((c) => c.kind === 'tunnel' && c.body !== null).at(-1);
  if (!latest || !tunnels) return;
  const doc = parseDocBody('tunnel', latest.body)!;
  const outcome = await tunnels.applySiteConfig(scope, doc);
  if (outcome.running)
    log.info({ siteId: scope.siteId, interface: doc.interfaceName }, 'Applied the hub’s new tunnel config');
  else
    log.warn(
      { siteId: scope.siteId, interface: doc.interfaceName, problem: outcome.problem },
      'The hub’s new tunnel config is stored but the interface is not up',
    );
}
