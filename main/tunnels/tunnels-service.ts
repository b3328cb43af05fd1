import type { Scope } from '../store/index.js';
import { createHealthMonitor } from './health-monitor.js';
import { importSiteConfig, type ImportInput } from './import-config.js';
import { createHubRotation, type HubRotation } from './hub-rotation.js';
import { createInterfaceOperations } from './interface-operations.js';
import { createPeerOperations } from './peer-operations.js';
import { createTunnelContext } from './tunnel-context.js';
import { createTunnelRuntime } from './tunnel-runtime.js';
import type { TunnelsDeps } from './tunnels-deps.js';

const DAY_MS = 86_400_000;

/**
 * The tunnels slice's service: interfaces and peers in the store, the host's interfaces kept
 * matching them, health, rotation and one-time links. `start` brings up what was up; `close`
 * stops polling and the wireguard-go processes it started.
 */
export function createTunnelsService(deps: TunnelsDeps) {
  const runtime = createTunnelRuntime(deps);
  // The monitor's hooks call the operations made below it; they only run after start().
  // eslint-disable-next-line prefer-const
  let peers: ReturnType<typeof createPeerOperations>;
  // eslint-disable-next-line prefer-const
  let hubKey: HubRotation;
  const monitor = createHealthMonitor(deps, runtime, {
    rotationSeen: (scope, peer) => peers.rotationSeen(scope, peer),
    hubPeerSeen: (scope, iface, peer) => hubKey.peerSeen(scope, iface, peer),
    hubRotationComplete: (scope, iface) => hubKey.complete(scope, iface),
    expired: async (scope, iface) => {
      await runtime.apply(scope, iface.id);
    },
    hourly: async () => {
      deps.store.tunnels.prune(deps.now() - deps.config.historyDays * DAY_MS);
      await rotateDue();
    },
  });
  const ctx = createTunnelContext(deps, runtime, monitor);
  const interfaces = createInterfaceOperations(ctx);
  peers = createPeerOperations(ctx);
  hubKey = createHubRotation(ctx);

  /** Scheduled rotation of hub keys and managed peer keys older than `keyRotationDays` (0 turns it off). */
  async function rotateDue(): Promise<number> {
    const days = deps.config.keyRotationDays;
    if (days <= 0) return 0;
    const due = deps.now() - days * DAY_MS;
    let started = await hubKey.rotateDue(due);
    for (const tenant of deps.store.tenants.list()) {
      const scope = { tenantId: tenant.id };
      for (const peer of deps.store.tunnels.listPeers(scope)) {
        if (peer.sealedPrivateKey === null || peer.pendingPublicKey || peer.keyCreatedAt > due) continue;
        await peers.rotate(scope, peer.id);
        started += 1;
      }
    }
    return started;
  }

  return {
    interfaces,
    peers,
    hubKey,
    status(scope: Scope, interfaceId?: string) {
      const items = interfaces
        .list(scope)
        .filter((i) => interfaceId === undefined || i.id === interfaceId)
        .map((i) => ({
          interfaceId: i.id,
          name: i.name,
          role: i.role,
          running: i.running,
          peers: i.peers.map((p) => ({ peerId: p.id, name: p.name, siteId: p.siteId, ...p.health })),
        }));
      if (interfaceId !== undefined && items.length === 0) ctx.requireInterface(scope, interfaceId);
      return { at: deps.now(), staleAfterSeconds: deps.config.staleAfterSeconds, items };
    },
    history(scope: Scope, peerId: string, minutes: number) {
      ctx.requirePeer(scope, peerId);
      const since = Math.floor((deps.now() - minutes * 60_000) / 60_000) * 60_000;
      return {
        points: deps.store.tunnels.history(scope, peerId, since).map((r) => ({
          minute: r.minute,
          rxBytes: r.rxBytes,
          txBytes: r.txBytes,
          state: r.state,
        })),
      };
    },
    importConfig: (scope: Scope, input: ImportInput) => importSiteConfig(ctx, scope, input),
    /**
     * For sync (issue 14): the wg-quick text a managed site needs now — after `tunnels.peerConfigChanged`
     * (created, rotated, reachability, interface) — to hand to that site's `importConfig`.
     */
    siteConfig: (scope: Scope, peerId: string) => peers.siteConfigText(scope, peerId),
    rotateDue,
    /** Latest health of every peer of every tenant, for /metrics. */
    peerReadings() {
      return deps.store.tenants.list().flatMap((t) => {
        const scope = { tenantId: t.id };
        const names = new Map(deps.store.tunnels.listInterfaces(scope).map((i) => [i.id, i.name]));
        return deps.store.tunnels.listPeers(scope).map((p) => ({
          interfaceName: names.get(p.interfaceId) ?? '',
          peerName: p.name,
          peerId: p.id,
          health: monitor.health(p.id),
        }));
      });
    },
    /** The latest reading of one peer (undefined before the first poll that saw it). */
    peerHealth: (peerId: string) => monitor.health(peerId),
    pollNow: () => monitor.pollNow(),
    /** Brings up the interfaces marked up (in the background: a slow or failing one never delays the Core). */
    start(): Promise<void> {
      monitor.start();
      return interfaces.startAll().catch((err: unknown) => {
        deps.log.error({ err: String(err) }, 'Tunnel interfaces could not be brought up at start');
      });
    },
    async close(): Promise<void> {
      await monitor.stop();
      await runtime.close();
    },
  };
}

export type TunnelsService = ReturnType<typeof createTunnelsService>;
