import { OutpostError, type TunnelInterface } from '../contract/index.js';
import type { Scope, TunnelInterfaceRow, TunnelPeerRow } from '../store/index.js';
import type { HealthMonitor } from './health-monitor.js';
import type { TunnelRuntime } from './tunnel-runtime.js';
import { interfaceView } from './tunnel-views.js';
import type { TunnelsDeps } from './tunnels-deps.js';

type ChangeAction = 'created' | 'updated' | 'removed' | 'up' | 'down' | 'rotated';
type ConfigReason = 'created' | 'rotated' | 'reachability' | 'interface';

/** What the interface and peer operations share: lookups, views, live application and announcements. */
export function createTunnelContext(deps: TunnelsDeps, runtime: TunnelRuntime, monitor: HealthMonitor) {
  const { store, bus } = deps;

  const requireInterface = (scope: Scope, id: string): TunnelInterfaceRow => {
    const row = store.tunnels.getInterface(scope, id);
    if (!row)
      throw new OutpostError('not_found', `There is no tunnel interface ${id}. Check the id with tunnels.list.`);
    return row;
  };
  const requirePeer = (scope: Scope, id: string): TunnelPeerRow => {
    const row = store.tunnels.getPeer(scope, id);
    if (!row) throw new OutpostError('not_found', `There is no tunnel peer ${id}. Check the id with tunnels.list.`);
    return row;
  };
  const requireSite = (scope: Scope, siteId: string, field = 'siteId'): void => {
    if (!store.sites.get(scope, siteId)) {
      throw new OutpostError('not_found', `There is no site ${siteId} in this tenant.`, {
        issues: [{ path: field, message: 'is not a site of this tenant' }],
      });
    }
  };

  const view = (scope: Scope, id: string): TunnelInterface => {
    const row = requireInterface(scope, id);
    return interfaceView(
      row,
      store.tunnels.listPeers(scope, id),
      store.tunnels.listGrants(scope, id),
      runtime.state(id),
      monitor.health,
    );
  };

  return {
    deps,
    runtime,
    monitor,
    requireInterface,
    requirePeer,
    requireSite,
    view,
    /** Re-applies a running (or wanted) interface after a change: live, within the call. */
    async applyIfEnabled(scope: Scope, iface: TunnelInterfaceRow): Promise<void> {
      if (iface.enabled) await runtime.apply(scope, iface.id);
    },
    changed(scope: Scope, interfaceId: string, peerId: string | null, action: ChangeAction): void {
      bus.publish(scope.tenantId, 'tunnels.changed', { interfaceId, peerId, action });
    },
    /** Announces that a managed site's config changed (sync delivers it; the sync slice listens here). */
    configChanged(scope: Scope, peer: TunnelPeerRow, reason: ConfigReason): void {
      if (peer.sealedPrivateKey === null && reason !== 'reachability') return;
      bus.publish(scope.tenantId, 'tunnels.peerConfigChanged', {
        interfaceId: peer.interfaceId,
        peerId: peer.id,
        siteId: peer.siteId,
        reason,
      });
    },
  };
}

export type TunnelContext = ReturnType<typeof createTunnelContext>;
