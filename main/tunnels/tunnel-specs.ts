import type { FirewallSpec, InterfaceSpec } from '../../native/wireguard/index.js';
import type { TunnelGrantRow, TunnelInterfaceRow, TunnelPeerRow } from '../store/index.js';
import { addressOf, hostRoute } from './address-plan.js';
import type { WgQuickConfig } from './wg-quick.js';

/**
 * What the interfaces should look like, computed from the stored rows: the device config of this
 * side, the hub's firewall, and the wg-quick file of a site. Pure, so every rule of who may reach
 * whom is tested without a network.
 */

type Open = (sealed: string) => string;

/** A peer counts while enabled and not expired. */
export const isActive = (peer: TunnelPeerRow, now: number) =>
  peer.enabled && (peer.expiresAt === null || peer.expiresAt > now);

/** The hub's own tunnel addresses, as host routes (what a site routes to the hub). */
const hubRoutes = (iface: TunnelInterfaceRow) => iface.addresses.map((a) => hostRoute(addressOf(a)));

/** Peers granted to reach `peer` (on the same hub). */
export function grantedPeers(peer: TunnelPeerRow, peers: readonly TunnelPeerRow[], grants: readonly TunnelGrantRow[]) {
  const ids = new Set(grants.flatMap((g) => (g.peerIds.includes(peer.id) ? g.peerIds : [])));
  ids.delete(peer.id);
  return peers.filter((p) => ids.has(p.id));
}

export function deviceSpecFor(
  iface: TunnelInterfaceRow,
  peers: readonly TunnelPeerRow[],
  open: Open,
  now: number,
): InterfaceSpec {
  const active = peers.filter((p) => isActive(p, now));
  const psk = (p: TunnelPeerRow) => (p.sealedPresharedKey ? open(p.sealedPresharedKey) : null);
  const devicePeers = active.flatMap((p) => {
    const current = {
      publicKey: p.publicKey,
      presharedKey: psk(p),
      endpoint: p.endpoint,
      allowedIps: iface.role === 'hub' ? p.addresses.map((a) => hostRoute(addressOf(a))) : p.allowedIps,
      persistentKeepalive: p.persistentKeepalive,
    };
    // A rotation in progress: the new key may shake hands, but carries no traffic until the old one retires.
    if (!p.pendingPublicKey) return [current];
    return [current, { publicKey: p.pendingPublicKey, presharedKey: psk(p), allowedIps: [] }];
  });
  return {
    name: iface.name,
    addresses: iface.addresses,
    mtu: iface.mtu,
    device: { privateKey: open(iface.sealedPrivateKey), listenPort: iface.listenPort, peers: devicePeers },
    // A hub's pool is on-link through its own address; a site routes what each peer allows.
    routes: iface.role === 'hub' ? [] : [...new Set(active.flatMap((p) => p.allowedIps))],
  };
}

/** The hub's isolation rules: only granted pairs of active peers, per address family. */
export function firewallFor(
  peers: readonly TunnelPeerRow[],
  grants: readonly TunnelGrantRow[],
  now: number,
): FirewallSpec {
  const byId = new Map(peers.filter((p) => isActive(p, now)).map((p) => [p.id, p]));
  const allowedPairs: [string, string][] = [];
  for (const grant of grants) {
    const a = byId.get(grant.peerIds[0]);
    const b = byId.get(grant.peerIds[1]);
    if (!a || !b) continue;
    for (const x of a.addresses.map(addressOf)) {
      for (const y of b.addresses.map(addressOf)) {
        if (x.includes(':') === y.includes(':')) allowedPairs.push([x, y]);
      }
    }
  }
  return { allowedPairs };
}

/**
 * The wg-quick file of a managed site peer: its own key (the new one while a rotation waits for
 * it), its addresses, and the hub — plus the sites an admin allowed it to reach — as AllowedIPs.
 * While the hub's own key rotates, the hub is its new key on its new port: applying the file is
 * what moves the site there.
 */
export function siteConfigFor(
  hub: TunnelInterfaceRow,
  peer: TunnelPeerRow,
  granted: readonly TunnelPeerRow[],
  open: Open,
  keepalive: number,
): WgQuickConfig {
  const sealed = peer.sealedPendingPrivateKey ?? peer.sealedPrivateKey;
  if (!sealed) throw new Error('A peer without a managed key has no config to render.');
  return {
    interface: {
      privateKey: open(sealed),
      addresses: peer.addresses.map((a) => hostRoute(addressOf(a))),
      dns: hub.dns,
      mtu: hub.mtu,
    },
    peers: [
      {
        name: hub.name,
        publicKey: hub.pendingPublicKey ?? hub.publicKey,
        presharedKey: peer.sealedPresharedKey ? open(peer.sealedPresharedKey) : null,
        endpoint: hub.pendingPublicKey ? hub.pendingEndpoint : hub.endpoint,
        allowedIps: [...hubRoutes(hub), ...granted.flatMap((g) => g.addresses.map((a) => hostRoute(addressOf(a))))],
        persistentKeepalive: keepalive,
      },
    ],
  };
}
