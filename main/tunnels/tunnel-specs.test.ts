import { describe, expect, it } from 'vitest';
import type { TunnelInterfaceRow, TunnelPeerRow } from '../store/index.js';
import { renderFirewall } from '../../native/wireguard/index.js';
import { deviceNames, deviceSpecsFor, firewallsFor, rotationDeviceName } from './hub-devices.js';
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
  keySlot: 0,
  sealedPendingPrivateKey: null,
  pendingPublicKey: null,
  pendingListenPort: null,
  pendingEndpoint: null,
  pendingSince: null,
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
  hubMovedAt: null,
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

describe("the hub's own key rotation", () => {
  const rotatingHub: TunnelInterfaceRow = {
    ...hub,
    sealedPendingPrivateKey: `sealed:${key('x')}`,
    pendingPublicKey: key('X'),
    pendingListenPort: 51821,
    pendingEndpoint: 'hub.example:51821',
    pendingSince: 5,
  };
  const moved = peer('A', 2, { hubMovedAt: 6 });
  const waiting = peer('B', 3);

  it('names the second device beside the first, within 15 characters, and swaps them by slot', () => {
    expect(rotationDeviceName('wg-hub')).toBe('wg-hub-k');
    expect(rotationDeviceName('abcdefghijklmno')).toBe('abcdefghijklm-k');
    expect(rotationDeviceName('abcdefghijklm-k')).toBe('abcdefghijklm-j');
    expect(deviceNames({ name: 'wg-hub', keySlot: 1 })).toEqual({ current: 'wg-hub-k', next: 'wg-hub' });
  });

  it('keeps waiting peers on the old device and routes moved ones through the new key', () => {
    const [old, next] = deviceSpecsFor(rotatingHub, [moved, waiting], open, 7);
    expect(old!.name).toBe('wg-hub');
    expect(old!.device.privateKey).toBe(key('h'));
    expect(old!.device.peers.map((p) => p.publicKey)).toEqual([key('B')]);
    expect(next!.name).toBe('wg-hub-k');
    expect(next!.device).toMatchObject({ privateKey: key('x'), listenPort: 51821 });
    expect(next!.device.peers.map((p) => p.publicKey)).toEqual([key('A'), key('B')]);
    // Host addresses only: the pool's route stays on the old device; moved peers get host routes.
    expect(next!.addresses).toEqual(['198.18.0.1/32', 'fd00::1/128']);
    expect(next!.routes).toEqual(['198.18.0.2/32', 'fd00::2/128']);
    expect(deviceSpecsFor(hub, [moved, waiting], open, 7).map((s) => s.name)).toEqual(['wg-hub']);
  });

  it("hands every site the hub's new key and port while the rotation runs", () => {
    const file = siteConfigFor(rotatingHub, waiting, [], open, 25);
    expect(file.peers[0]).toMatchObject({ publicKey: key('X'), endpoint: 'hub.example:51821' });
    expect(siteConfigFor(hub, waiting, [], open, 25).peers[0]).toMatchObject({
      publicKey: key('H'),
      endpoint: 'hub.example:51820',
    });
  });

  it('holds both devices to the same pairs, traffic between them included', () => {
    const rules = firewallsFor(['wg-hub', 'wg-hub-k'], { allowedPairs: [['198.18.0.2', '198.18.0.3']] });
    expect(rules.map(([d, r]) => [d, r.siblings])).toEqual([
      ['wg-hub', ['wg-hub-k']],
      ['wg-hub-k', ['wg-hub']],
    ]);
    const text = renderFirewall('wg-hub-k', rules[1]![1]);
    expect(text).toContain(
      'iifname { "wg-hub-k", "wg-hub" } oifname { "wg-hub-k", "wg-hub" } ip saddr 198.18.0.2 ip daddr 198.18.0.3 accept',
    );
    expect(text).toMatch(/iifname "wg-hub-k" drop\n {4}oifname "wg-hub-k" drop/);
  });
});
