import { expect } from 'vitest';
import type { TunnelInterface, TunnelPeer, tunnelsMethods } from '../../contract/index.js';
import { generateKeyPair, generatePresharedKey } from '../../../native/wireguard/index.js';
import type { CallContext, Core } from '../index.js';
import type { Caller, Fixtures, MatrixCase } from './rbac-matrix-cases.js';

/**
 * Tenant A's tunnels for the RBAC matrix: a hub with two peers (a and b), plus a peer and an
 * interface that only an admin's call removes. The matrix's Core runs tunnels in a namespace that
 * does not exist (`tunnels.netns`), so nothing here touches this machine's network: bringing an
 * interface up answers with the namespace error in `lastError`.
 */
export interface TunnelFixtures {
  hubId: string;
  peerA: string;
  peerB: string;
  removablePeer: string;
  removableInterface: string;
}

export const MATRIX_TUNNEL_NETNS = 'outpost-rbac-no-such-namespace';

export async function seedTunnels(core: Core, ctx: CallContext): Promise<TunnelFixtures> {
  const call = <T>(method: string, input: unknown) => core.call(method, input, ctx) as Promise<T>;
  const hub = await call<TunnelInterface>('tunnels.createInterface', {
    name: 'rbac-hub',
    role: 'hub',
    poolV4: '198.18.0.0/24',
    poolV6: 'fd00:18::/64',
    endpoint: 'hub.example.net:51820',
  });
  const spare = await call<TunnelInterface>('tunnels.createInterface', {
    name: 'rbac-spare',
    role: 'hub',
    poolV4: '198.18.1.0/24',
    poolV6: 'fd00:19::/64',
  });
  const peer = (name: string) => call<TunnelPeer>('tunnels.addPeer', { interfaceId: hub.id, name });
  const [a, b, removable] = [await peer('Site A'), await peer('Site B'), await peer('Removable')];
  return { hubId: hub.id, peerA: a.id, peerB: b.id, removablePeer: removable.id, removableInterface: spare.id };
}

/** A site's wg-quick file, as its hub would issue it. */
function siteFile(): string {
  return [
    '[Interface]',
    `PrivateKey = ${generateKeyPair().privateKey}`,
    'Address = 198.18.200.2/32',
    '[Peer]',
    `PublicKey = ${generateKeyPair().publicKey}`,
    `PresharedKey = ${generatePresharedKey()}`,
    'Endpoint = 192.0.2.1:51820',
    'AllowedIPs = 198.18.200.1/32',
    'PersistentKeepalive = 25',
  ].join('\n');
}

const notFound = { expect: 'not_found' as const, check: () => undefined };
/** Per-caller numbers for names and ranges that must not clash between callers whose calls succeed. */
const n = (caller: Caller) => ['viewer', 'operator', 'technician', 'admin', 'anonymous', 'otherAdmin'].indexOf(caller);

async function hubUnchanged(f: Fixtures): Promise<void> {
  const { items } = (await f.core.call(
    'tunnels.list',
    {},
    { transport: 'http', address: '198.51.100.77', token: f.t.adminToken },
  )) as {
    items: TunnelInterface[];
  };
  const hub = items.find((i) => i.id === f.t.hubId)!;
  expect(hub.peers.map((p) => p.id)).toEqual(expect.arrayContaining([f.t.peerA, f.t.peerB]));
  expect(hub.grants).toEqual([]);
}

export const tunnelCases: Record<keyof typeof tunnelsMethods, MatrixCase> = {
  'tunnels.list': {
    input: () => ({}),
    otherTenant: {
      expect: 'ok',
      check: (f, r) => expect((r as { items: { id: string }[] }).items.map((i) => i.id)).not.toContain(f.t.hubId),
    },
  },
  'tunnels.status': {
    input: () => ({}),
    otherTenant: {
      expect: 'ok',
      check: (f, r) =>
        expect((r as { items: { interfaceId: string }[] }).items.map((i) => i.interfaceId)).not.toContain(f.t.hubId),
    },
  },
  'tunnels.history': { input: (f) => ({ peerId: f.t.peerA }), otherTenant: notFound },
  'tunnels.createInterface': {
    input: (_f, caller) => ({
      name: `rbac-new-${n(caller)}`,
      role: 'hub',
      poolV4: `198.18.${10 + n(caller)}.0/24`,
      poolV6: `fd00:${30 + n(caller)}::/64`,
    }),
    otherTenant: { expect: 'ok', check: (f, r) => expect((r as TunnelInterface).siteId).not.toBe(f.siteA.id) },
  },
  'tunnels.updateInterface': {
    input: (f) => ({ id: f.t.hubId, mtu: 1400 }),
    otherTenant: notFound,
  },
  'tunnels.removeInterface': { input: (f) => ({ id: f.t.removableInterface }), otherTenant: notFound },
  'tunnels.up': { input: (f) => ({ id: f.t.hubId }), otherTenant: notFound },
  'tunnels.down': { input: (f) => ({ id: f.t.hubId }), otherTenant: notFound },
  'tunnels.addPeer': {
    input: (f, caller) => ({ interfaceId: f.t.hubId, name: `Added by ${caller}` }),
    otherTenant: { expect: 'not_found', check: hubUnchanged },
  },
  'tunnels.updatePeer': { input: (f) => ({ id: f.t.peerA, name: 'Site A' }), otherTenant: notFound },
  'tunnels.removePeer': {
    input: (f) => ({ id: f.t.removablePeer }),
    otherTenant: { expect: 'not_found', check: hubUnchanged },
  },
  'tunnels.rotateKeys': { input: (f) => ({ peerId: f.t.peerB }), otherTenant: notFound },
  // The matrix's hub is down (its namespace does not exist), so a rotation there swaps the key at
  // once, and finishing finds nothing left to finish (which answers the interface as it is).
  'tunnels.rotateHubKey': { input: (f) => ({ interfaceId: f.t.hubId }), otherTenant: notFound },
  'tunnels.finishHubRotation': { input: (f) => ({ interfaceId: f.t.hubId }), otherTenant: notFound },
  'tunnels.setReachability': {
    input: (f) => ({ peerIds: [f.t.peerA, f.t.peerB], allowed: false }),
    otherTenant: { expect: 'not_found', check: hubUnchanged },
  },
  'tunnels.exportConfig': {
    input: (f) => ({ peerId: f.t.peerA }),
    otherTenant: { expect: 'not_found', check: (_f, r) => expect(r).toBeUndefined() },
  },
  'tunnels.createLink': { input: (f) => ({ peerId: f.t.peerA }), otherTenant: notFound },
  'tunnels.importConfig': {
    input: (_f, caller) => ({ name: `rbac-site-${n(caller)}`, config: siteFile() }),
    otherTenant: { expect: 'ok', check: (f, r) => expect((r as TunnelInterface).siteId).not.toBe(f.siteA.id) },
  },
};
