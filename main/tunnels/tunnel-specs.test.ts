import { describe, expect, it } from 'vitest';
import type { TunnelInterfaceRow, TunnelPeerRow } from '../store/index.js';
import { deviceSpecFor, firewallFor, grantedPeers, siteConfigFor } from './tunnel-specs.js';

const open = (s: string) => s.replace(/^sealed:/, '');
const key = (c: string) => `${c.repeat(43)}=`;

const hub: TunnelInterfaceRow = {
  id: 'I',
  tenantId: 'T',
  siteId: 'S',
  name: 'wg-hub',
  role: 'hub',
  sealedPrivateKey: `sealed:${key('h')}`,
  publicKey: key('H'),
  keyCreatedAt: 0,
  listenPort: 51820,
  addresses: ['198.18.0.1/15', 'fd00::1/64'],
  poolV4: '198.18.0.0/15',
  poolV6: 'fd00::/64',
  endpoint: 'hub.example:51820',
  dns: [],
  mtu: null,
  enabled: true,
  createdAt: 0,
  updatedAt: 0,
};

const peer = (id: string, n: number, extra: Partial<TunnelPeerRow> = {}): TunnelPeerRow => ({
  id,
  tenantId: 'T',
  interfaceId: 'I',
  siteId: null,
  name: `site ${id}`,
  publicKey: key(id),
  sealedPrivateKey: `sealed:${key(id.toLowerCase())}`,
  sealedPresharedKey: `sealed:${key('p')}`,
  hostIndex: n,
  addresses: [`198.18.0.${n}/32`, `fd00::${n}/128`],
  allowedIps: [],
  endpoint: null,
  persistentKeepalive: null,
  enabled: true,
  expiresAt: null,
  keyCreatedAt: 0,
  pendingPublicKey: null,
  sealedPendingPrivateKey: null,
  pendingSince: null,
  createdAt: 0,
  updatedAt: 0,
  ...extra,
});

describe('who may reach whom', () => {
  const a = peer('A', 2);
  const b = peer('B', 3);
  const c = peer('C', 4);

  it('gives a site the hub only, until an admin grants another site', () => {
    const alone = siteConfigFor(hub, a, grantedPeers(a, [a, b, c], []), open, 25);
    expect(alone.peers[0]!.allowedIps).toEqual(['198.18.0.1/32', 'fd00::1/128']);
    expect(alone.interface.addresses).toEqual(['198.18.0.2/32', 'fd00::2/128']);
    const grants = [{ peerIds: ['A', 'B'] as [string, string], createdAt: 0, createdBy: 'u' }];
    const withB = siteConfigFor(hub, a, grantedPeers(a, [a, b, c], grants), open, 25);
    expect(withB.peers[0]!.allowedIps).toEqual(['198.18.0.1/32', 'fd00::1/128', '198.18.0.3/32', 'fd00::3/128']);
    expect(grantedPeers(c, [a, b, c], grants)).toEqual([]);
  });

  it('lets the hub firewall pass only granted pairs of active peers, per family', () => {
    const grants = [
      { peerIds: ['A', 'B'] as [string, string], createdAt: 0, createdBy: 'u' },
      { peerIds: ['A', 'C'] as [string, string], createdAt: 0, createdBy: 'u' },
    ];
    const disabledC = { ...c, enabled: false };
    expect(firewallFor([a, b, disabledC], grants, 1).allowedPairs).toEqual([
      ['198.18.0.2', '198.18.0.3'],
      ['fd00::2', 'fd00::3'],
    ]);
  });

  it('routes each site to its own addresses on the hub and leaves out disabled and expired peers', () => {
    const expired = peer('D', 5, { expiresAt: 10 });
    const spec = deviceSpecFor(hub, [a, { ...b, enabled: false }, expired], open, 11);
    expect(spec.device.peers.map((p) => [p.publicKey, p.allowedIps])).toEqual([
      [a.publicKey, ['198.18.0.2/32', 'fd00::2/128']],
    ]);
    expect(spec.routes).toEqual([]);
    expect(spec.device.privateKey).toBe(key('h'));
  });

  it('during a rotation accepts the new key beside the old one, without addresses, and hands out the new key', () => {
    const rotating = peer('A', 2, {
      pendingPublicKey: key('N'),
      sealedPendingPrivateKey: `sealed:${key('n')}`,
      pendingSince: 5,
    });
    const spec = deviceSpecFor(hub, [rotating], open, 6);
    expect(spec.device.peers.map((p) => [p.publicKey, p.allowedIps])).toEqual([
      [key('A'), ['198.18.0.2/32', 'fd00::2/128']],
      [key('N'), []],
    ]);
    expect(siteConfigFor(hub, rotating, [], open, 25).interface.privateKey).toBe(key('n'));
  });
});
