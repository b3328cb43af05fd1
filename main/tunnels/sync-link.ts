import { OutpostError } from '../contract/index.js';
import type { Scope, SiteScope, Store, TunnelInterfaceRow } from '../store/index.js';
import { addressOf, hostRoute } from './address-plan.js';
import type { TunnelsService } from './tunnels-service.js';
import type { TunnelsConfig } from './tunnels-deps.js';

/** A site's tunnel as sync carries it: the wg-quick text (with the site's private key) and the interface name. */
export interface SiteTunnelDoc {
  config: string;
  interfaceName: string;
}

export type SiteTunnelState = 'up' | 'stale' | 'down' | 'none';

/**
 * What sync asks of the tunnels slice (issue 14 over issue 13): on the hub, a peer for each
 * enrolled site on the sync interface, its current config for the pull, its health and its
 * removal; on a site, applying the config the hub sent. Nothing here logs a config.
 */
export function createSyncTunnels(
  tunnels: TunnelsService,
  deps: { store: Pick<Store, 'tunnels' | 'tenants'>; config: Pick<TunnelsConfig, 'syncInterface'> },
) {
  const { store, config } = deps;

  /** The hub interface of a tenant that enrolled sites join (see `tunnels.syncInterface`). */
  function syncInterfaceOf(scope: Scope): TunnelInterfaceRow | null {
    const hubs = store.tunnels.listInterfaces(scope).filter((i) => i.role === 'hub');
    if (config.syncInterface) return hubs.find((i) => i.name === config.syncInterface) ?? null;
    return hubs.length === 1 ? hubs[0]! : null;
  }

  /** A name for the site's interface: one per peer, so sites on one machine (tests, labs) never collide. */
  const siteInterfaceName = (peerId: string) => `op${peerId.slice(-8).toLowerCase()}`;

  function docOf(scope: Scope, peerId: string): SiteTunnelDoc {
    const { config: text } = tunnels.siteConfig(scope, peerId);
    return { config: text, interfaceName: siteInterfaceName(peerId) };
  }

  return {
    /**
     * Adds the enrolled site's peer on the sync interface (next free address of its plan) and
     * answers its config, the peer's id and the hub's tunnel address for later requests; null when
     * the tenant has no sync interface or it has no endpoint for sites to dial.
     */
    async enrolPeer(
      scope: SiteScope,
      siteName: string,
    ): Promise<{ peerId: string; doc: SiteTunnelDoc; hubAddress: string } | null> {
      const hub = syncInterfaceOf(scope);
      if (!hub || !hub.endpoint) return null;
      const peer = await tunnels.peers.add(scope, {
        interfaceId: hub.id,
        name: siteName,
        siteId: scope.siteId,
        presharedKey: true,
      });
      return { peerId: peer.id, doc: docOf(scope, peer.id), hubAddress: addressOf(hub.addresses[0]!) };
    },

    /** The site's config now (after a rotation or a grant), or null once its peer is gone. */
    siteDoc(scope: Scope, peerId: string): SiteTunnelDoc | null {
      try {
        return docOf(scope, peerId);
      } catch (err) {
        if (err instanceof OutpostError) return null;
        throw err;
      }
    },

    /** Revocation: the peer leaves the running interface now (wg syncconf); gone already is fine. */
    async removePeer(scope: Scope, peerId: string): Promise<void> {
      try {
        await tunnels.peers.remove(scope, peerId);
      } catch (err) {
        if (!(err instanceof OutpostError && err.code === 'not_found')) throw err;
      }
    },

    /** The site's tunnel as the hub sees it: none without a peer, else the peer's health (up / stale / down). */
    state(scope: Scope, peerId: string | null): { state: SiteTunnelState; handshakeAgeSeconds: number | null } {
      if (peerId === null || !store.tunnels.getPeer(scope, peerId)) return { state: 'none', handshakeAgeSeconds: null };
      const health = tunnels.peerHealth(peerId);
      return { state: health?.state ?? 'down', handshakeAgeSeconds: health?.handshakeAgeSeconds ?? null };
    },

    /** The hub's own addresses on sync interfaces (host routes), which the sync routes answer on. */
    listenAddresses(): string[] {
      return store.tenants
        .list()
        .map((t) => syncInterfaceOf({ tenantId: t.id }))
        .flatMap((i) => (i ? i.addresses.map((a) => hostRoute(addressOf(a))) : []));
    },

    /** On a site: why its tunnel is not up, in one sentence (null when every site interface runs). */
    tunnelProblem(scope: SiteScope): string | null {
      const down = tunnels.interfaces
        .list(scope)
        .find((i) => i.role === 'site' && i.siteId === scope.siteId && !i.running);
      return down ? `The tunnel ${down.name} is not up: ${down.lastError ?? 'it is switched off'}` : null;
    },

    /**
     * On a site: the hub's config goes onto the site interface of that name (live, `wg syncconf`),
     * or a new one. Answers whether it runs, and the one sentence saying why not.
     */
    async applySiteConfig(scope: SiteScope, doc: SiteTunnelDoc): Promise<{ running: boolean; problem: string | null }> {
      const existing = store.tunnels
        .listInterfaces(scope)
        .find((i) => i.name === doc.interfaceName && i.role === 'site');
      const view = await tunnels.importConfig(scope, {
        config: doc.config,
        ...(existing ? { interfaceId: existing.id } : { name: doc.interfaceName, siteId: scope.siteId }),
      });
      return { running: view.running, problem: view.running ? null : (view.lastError ?? 'the interface is down') };
    },
  };
}

export type SyncTunnels = ReturnType<typeof createSyncTunnels>;
