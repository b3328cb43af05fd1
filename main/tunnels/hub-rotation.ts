import { OutpostError, type TunnelInterface } from '../contract/index.js';
import { generateKeyPair } from '../../native/wireguard/index.js';
import type { Scope, TunnelInterfaceRow, TunnelPeerRow } from '../store/index.js';
import { deviceNames, hubRotating } from './hub-devices.js';
import type { TunnelContext } from './tunnel-context.js';
import { isActive } from './tunnel-specs.js';

const invalid = (path: string, message: string) =>
  new OutpostError('invalid_input', `${path}: ${message}`, { issues: [{ path, message }] });

/**
 * The new key's port: the neighbour of the current one, alternating between the two (P, P+1, P,
 * …), so the hub's firewall or port forward needs two ports opened once, not a new one each time.
 */
function neighbourPort(current: number, slot: 0 | 1): number {
  if (slot === 0) return current < 65535 ? current + 1 : current - 1;
  return current > 1 ? current - 1 : current + 1;
}

/** `host:port` with its port moved by `delta` (sites dial through the same forward); null when it cannot be. */
function shiftedEndpoint(endpoint: string | null, delta: number): string | null {
  if (!endpoint) return null;
  const colon = endpoint.lastIndexOf(':');
  const port = Number(endpoint.slice(colon + 1)) + delta;
  return port >= 1 && port <= 65535 ? `${endpoint.slice(0, colon)}:${port}` : null;
}

/**
 * Rotation of a hub's own key (see hub-devices.ts for how the two devices carry it). Start makes
 * the new pair and announces every peer's new file; the health monitor calls `peerSeen` when a
 * peer shakes hands on the new key and `complete` when no active peer waits any longer; `finish`
 * is that completion, or the admin ending it early.
 */
export function createHubRotation(ctx: TunnelContext) {
  const { deps } = ctx;
  const { store, secrets, config, log } = deps;

  function requireHub(scope: Scope, id: string): TunnelInterfaceRow {
    const row = ctx.requireInterface(scope, id);
    if (row.role !== 'hub') throw new OutpostError('conflict', `${row.name} is a site interface: its hub rotates it.`);
    return row;
  }

  /** Every peer's file changed: sync carries it to enrolled sites; others need an export. */
  function announce(scope: Scope, row: TunnelInterfaceRow): void {
    ctx.changed(scope, row.id, null, 'rotated');
    for (const peer of store.tunnels.listPeers(scope, row.id)) ctx.configChanged(scope, peer, 'rotated');
  }

  async function start(
    scope: Scope,
    input: { interfaceId: string; listenPort?: number | undefined; endpoint?: string | undefined },
  ): Promise<TunnelInterface> {
    const row = requireHub(scope, input.interfaceId);
    if (hubRotating(row)) {
      throw new OutpostError(
        'conflict',
        `A rotation of ${row.name}'s key is in progress since ${new Date(row.pendingSince!).toISOString()}: finish it first (tunnels.finishHubRotation).`,
      );
    }
    const keys = generateKeyPair();
    const now = deps.now();
    if (!row.enabled) {
      // Nothing is connected to a hub that is down: the new key simply replaces the old one.
      store.tunnels.updateInterface(scope, row.id, {
        sealedPrivateKey: secrets.seal(keys.privateKey),
        publicKey: keys.publicKey,
        keyCreatedAt: now,
      });
      announce(scope, row);
      return ctx.view(scope, row.id);
    }
    const currentPort = row.listenPort ?? config.defaultListenPort;
    const listenPort = input.listenPort ?? neighbourPort(currentPort, row.keySlot);
    if (listenPort === currentPort) throw invalid('listenPort', "is the current key's port; the new key needs its own");
    const endpoint = input.endpoint ?? shiftedEndpoint(row.endpoint, listenPort - currentPort);
    const { next } = deviceNames(row);
    const clash = store.tenants
      .list()
      .flatMap((t) => store.tunnels.listInterfaces({ tenantId: t.id }))
      .find((i) => i.id !== row.id && Object.values(deviceNames(i)).includes(next));
    if (clash) {
      throw new OutpostError(
        'conflict',
        `The new key's interface would be named ${next}, which interface ${clash.name} uses: rename or remove that one first.`,
      );
    }
    for (const peer of store.tunnels.listPeers(scope, row.id)) {
      if (peer.hubMovedAt !== null) store.tunnels.updatePeer(scope, peer.id, { hubMovedAt: null });
    }
    const updated = store.tunnels.updateInterface(scope, row.id, {
      sealedPendingPrivateKey: secrets.seal(keys.privateKey),
      pendingPublicKey: keys.publicKey,
      pendingListenPort: listenPort,
      pendingEndpoint: endpoint,
      pendingSince: now,
    })!;
    await ctx.applyIfEnabled(scope, updated);
    ctx.monitor.expectHandshake();
    log.info({ interface: row.name, device: next, listenPort }, 'Hub key rotation started');
    announce(scope, updated);
    return ctx.view(scope, row.id);
  }

  /** The new key becomes the interface's; the old key's device goes (peers still on it are cut). */
  async function finish(scope: Scope, interfaceId: string): Promise<TunnelInterface> {
    const row = requireHub(scope, interfaceId);
    if (!hubRotating(row)) return ctx.view(scope, row.id);
    const peers = store.tunnels.listPeers(scope, row.id);
    const left = peers.filter((p) => p.hubMovedAt === null && isActive(p, deps.now())).length;
    for (const peer of peers) {
      if (peer.hubMovedAt !== null) store.tunnels.updatePeer(scope, peer.id, { hubMovedAt: null });
    }
    const updated = store.tunnels.updateInterface(scope, row.id, {
      sealedPrivateKey: row.sealedPendingPrivateKey!,
      publicKey: row.pendingPublicKey!,
      keyCreatedAt: deps.now(),
      listenPort: row.pendingListenPort,
      endpoint: row.pendingEndpoint,
      keySlot: row.keySlot === 0 ? 1 : 0,
      sealedPendingPrivateKey: null,
      pendingPublicKey: null,
      pendingListenPort: null,
      pendingEndpoint: null,
      pendingSince: null,
    })!;
    await ctx.applyIfEnabled(scope, updated);
    log.info({ interface: row.name, peersCut: left }, 'Hub key rotation finished: the old key is retired');
    ctx.changed(scope, row.id, null, 'rotated');
    return ctx.view(scope, row.id);
  }

  return {
    start,
    finish,
    /** The peer shook hands on the new key: its route moves to the new device. */
    async peerSeen(scope: Scope, iface: TunnelInterfaceRow, peer: TunnelPeerRow): Promise<void> {
      store.tunnels.updatePeer(scope, peer.id, { hubMovedAt: deps.now() });
      await ctx.runtime.apply(scope, iface.id);
      ctx.changed(scope, iface.id, peer.id, 'rotated');
    },
    /** No active peer waits on the old key any more. */
    async complete(scope: Scope, iface: TunnelInterfaceRow): Promise<void> {
      await finish(scope, iface.id);
    },
    /** Scheduled: hub keys older than `keyRotationDays` start rotating; answers how many did. */
    async rotateDue(due: number): Promise<number> {
      let started = 0;
      for (const tenant of store.tenants.list()) {
        const scope = { tenantId: tenant.id };
        for (const row of store.tunnels.listInterfaces(scope)) {
          if (row.role !== 'hub' || hubRotating(row) || row.keyCreatedAt > due) continue;
          await start(scope, { interfaceId: row.id }).then(
            () => (started += 1),
            (err: unknown) => log.warn({ interface: row.name, err: String(err) }, 'Scheduled hub key rotation failed'),
          );
        }
      }
      return started;
    },
  };
}

export type HubRotation = ReturnType<typeof createHubRotation>;
