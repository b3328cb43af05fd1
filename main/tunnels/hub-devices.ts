import type { FirewallSpec, InterfaceSpec } from '../../native/wireguard/index.js';
import type { TunnelInterfaceRow, TunnelPeerRow } from '../store/index.js';
import { addressOf, hostRoute } from './address-plan.js';
import { deviceSpecFor, isActive } from './tunnel-specs.js';

/**
 * A hub's key rotates without a gap on two devices (WireGuard has one private key per device):
 * the current one keeps the old key, a second one beside it runs the new key on its own port, and
 * each peer's route moves to the second when the peer is seen there. When every peer has moved (or
 * the admin finishes), the old device goes and the second becomes current: the interface's
 * `keySlot` says which of its two names that is, so nothing is renamed under running traffic.
 */

/** The other name of an interface: at most 15 characters, never the name itself. */
export function rotationDeviceName(name: string): string {
  const other = `${name.slice(0, 13)}-k`;
  return other === name ? `${name.slice(0, 13)}-j` : other;
}

export function deviceNames(iface: Pick<TunnelInterfaceRow, 'name' | 'keySlot'>): { current: string; next: string } {
  const names = [iface.name, rotationDeviceName(iface.name)] as const;
  return iface.keySlot === 1 ? { current: names[1], next: names[0] } : { current: names[0], next: names[1] };
}

export const hubRotating = (iface: TunnelInterfaceRow): boolean =>
  iface.role === 'hub' && iface.sealedPendingPrivateKey !== null && iface.pendingPublicKey !== null;

/**
 * The devices an interface needs now: its current one and, while a hub key rotation runs, the new
 * key's. The current device keeps the peers not seen on the new key yet (with the pool's connected
 * route); the new one has every peer, the hub's addresses as host addresses (no pool route, so
 * nothing moves by accident) and a host route for each peer that moved, which wins over the pool's.
 */
export function deviceSpecsFor(
  iface: TunnelInterfaceRow,
  peers: readonly TunnelPeerRow[],
  open: (sealed: string) => string,
  now: number,
): InterfaceSpec[] {
  const names = deviceNames(iface);
  if (!hubRotating(iface)) return [{ ...deviceSpecFor(iface, peers, open, now), name: names.current }];
  const waiting = peers.filter((p) => p.hubMovedAt === null);
  const current = { ...deviceSpecFor(iface, waiting, open, now), name: names.current };
  const all = deviceSpecFor(iface, peers, open, now);
  const next: InterfaceSpec = {
    ...all,
    name: names.next,
    addresses: iface.addresses.map((a) => hostRoute(addressOf(a))),
    device: { ...all.device, privateKey: open(iface.sealedPendingPrivateKey!), listenPort: iface.pendingListenPort },
    routes: peers
      .filter((p) => p.hubMovedAt !== null && isActive(p, now))
      .flatMap((p) => p.addresses.map((a) => hostRoute(addressOf(a)))),
  };
  return [current, next];
}

/** The same isolation rules on each device; traffic between them counts as inside the tunnel. */
export function firewallsFor(devices: readonly string[], rules: FirewallSpec): [string, FirewallSpec][] {
  return devices.map((d) => [d, { ...rules, siblings: devices.filter((o) => o !== d) }]);
}
