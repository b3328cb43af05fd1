import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TunnelInterface, TunnelPeer } from '../contract/index.js';
import { namespacesUnavailable } from '../../native/wireguard/test-support/index.js';
import { eventually, startTunnelLab, type TunnelLab } from './test-support/index.js';

const unavailable = namespacesUnavailable();

/**
 * Real WireGuard between three `outpost serve` processes (a hub and two sites), each in a network
 * namespace of its own, configured only through Outpost's API. See test-support/tunnel-lab.ts for
 * the topology.
 */
describe.skipIf(unavailable !== null)(`real tunnels${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let lab: TunnelLab;
  let hubIf: TunnelInterface;
  let peers: Record<'siteA' | 'siteB', TunnelPeer>;
  const siteUrl = () => `http://198.18.0.2:${lab.siteA.port}/healthz`;
  const hubStatus = async () =>
    (await lab.hub.call<{ items: TunnelInterface[] }>('tunnels.list')).items.find((i) => i.id === hubIf.id)!;

  beforeAll(async () => {
    lab = await startTunnelLab();
  }, 90_000);
  afterAll(async () => {
    if (process.env.TUNNEL_LAB_DEBUG)
      for (const n of [lab.hub, lab.siteA]) console.log(n.name, n.server.output().slice(-6000));
    await lab?.close();
  });

  it('connects two sites to the hub with configs it issued, and carries HTTP between Outposts', async () => {
    ({ hubIf, peers } = await lab.connectSites());
    const hub = await eventually('both sites up on the hub', async () => {
      const status = await hubStatus();
      return status.peers.every((p) => p.health.state === 'up') && status;
    });
    expect(hub.running).toBe(true);
    expect(hub.firewall).toBe('enforced');
    expect(hub.peers.map((p) => p.addresses[0])).toEqual(['198.18.0.2/32', '198.18.0.3/32']);
    expect(await lab.reach(lab.hub, siteUrl())).toBe(true);
    expect(await lab.reach(lab.siteA, `http://198.18.0.1:${lab.hub.port}/healthz`)).toBe(true);
    const after = await hubStatus();
    const a = after.peers.find((p) => p.id === peers.siteA.id)!;
    expect(a.health.rxBytes).toBeGreaterThan(0);
    expect(a.health.txBytes).toBeGreaterThan(0);
    expect(a.health.endpoint).toMatch(/^192\.0\.2\.2:\d+$/);
    expect(a.health.handshakeAgeSeconds).toBeLessThan(30);
    const site = (await lab.siteA.call<{ items: TunnelInterface[] }>('tunnels.list')).items[0]!;
    expect(site).toMatchObject({ role: 'site', running: true, addresses: ['198.18.0.2/32', 'fd00:18::2/128'] });
    expect(site.peers[0]!.health.state).toBe('up');
  });

  it('hands a config out once through a one-time link', async () => {
    const { path } = await lab.hub.call<{ path: string }>('tunnels.createLink', { peerId: peers.siteB.id });
    const first = await fetch(`${lab.hub.url}${path}`);
    expect(first.status, await first.clone().text()).toBe(200);
    expect(await first.text()).toMatch(/^\[Interface\]\nPrivateKey = /m);
    expect((await fetch(`${lab.hub.url}${path}`)).status).toBe(404);
  });

  it('rotates a site key while traffic keeps flowing, and retires the old key', async () => {
    const probe = lab.probe(lab.hub, siteUrl(), 20);
    await probe.answered;
    const oldKey = (await hubStatus()).peers.find((p) => p.id === peers.siteA.id)!.publicKey;
    const rotating = await lab.hub.call<TunnelPeer>('tunnels.rotateKeys', { peerId: peers.siteA.id });
    expect(rotating.rotationPendingSince).not.toBeNull();
    const { config } = await lab.hub.call<{ config: string }>('tunnels.exportConfig', { peerId: peers.siteA.id });
    const siteIf = (await lab.siteA.call<{ items: TunnelInterface[] }>('tunnels.list')).items[0]!;
    await lab.siteA.call('tunnels.importConfig', { interfaceId: siteIf.id, config });
    const done = await eventually('the old key retired', async () => {
      const peer = (await hubStatus()).peers.find((p) => p.id === peers.siteA.id)!;
      return peer.rotationPendingSince === null && peer;
    });
    expect(done.publicKey).not.toBe(oldKey);
    const finishedAt = Date.now();
    // Traffic goes on after the old key is gone: a few more answers, all of them good.
    await eventually(
      'answers after the rotation',
      async () => probe.answers().filter((a) => a.at > finishedAt).length >= 5,
    );
    const answers = await probe.stop();
    expect(answers.filter((a) => a.at > finishedAt).every((a) => a.ok)).toBe(true);
    const gaps = answers.filter((a) => a.ok).map((a, i, ok) => (i === 0 ? 0 : a.at - ok[i - 1]!.at));
    // The benchmark measures the gap; here it only has to be short (well under WireGuard's 5 s retry).
    expect(Math.max(...gaps)).toBeLessThan(4000);
    expect(await lab.reach(lab.hub, siteUrl())).toBe(true);
  });

  it('keeps siteB away from siteA, even when siteB widens its own AllowedIPs, until an admin allows it', async () => {
    const fromB = () => lab.reach(lab.siteB, siteUrl(), 1000);
    expect(await fromB()).toBe(false);
    // Both sites "edit their own config" to route to each other: only the hub's firewall stands in the way.
    const hubKey = hubIf.publicKey;
    lab.net.exec(lab.siteB.ns, [
      'wg',
      'set',
      lab.siteB.ifname,
      'peer',
      hubKey,
      'allowed-ips',
      '198.18.0.1/32,198.18.0.2/32',
    ]);
    lab.net.exec(lab.siteB.ns, ['ip', 'route', 'replace', '198.18.0.2/32', 'dev', lab.siteB.ifname]);
    lab.net.exec(lab.siteA.ns, [
      'wg',
      'set',
      lab.siteA.ifname,
      'peer',
      hubKey,
      'allowed-ips',
      '198.18.0.1/32,198.18.0.3/32',
    ]);
    lab.net.exec(lab.siteA.ns, ['ip', 'route', 'replace', '198.18.0.3/32', 'dev', lab.siteA.ifname]);
    expect(await fromB()).toBe(false);

    await lab.hub.call('tunnels.setReachability', { peerIds: [peers.siteA.id, peers.siteB.id], allowed: true });
    // The honest way: each site takes its new config, which now routes to the other.
    for (const site of [lab.siteA, lab.siteB]) {
      const peerId = peers[site.name as 'siteA' | 'siteB'].id;
      const { config } = await lab.hub.call<{ config: string }>('tunnels.exportConfig', { peerId });
      expect(config).toMatch(site.name === 'siteA' ? /198\.18\.0\.3\/32/ : /198\.18\.0\.2\/32/);
      const siteIf = (await site.call<{ items: TunnelInterface[] }>('tunnels.list')).items[0]!;
      await site.call('tunnels.importConfig', { interfaceId: siteIf.id, config });
    }
    await eventually('siteB reaching siteA', fromB);

    await lab.hub.call('tunnels.setReachability', { peerIds: [peers.siteA.id, peers.siteB.id], allowed: false });
    expect(await fromB()).toBe(false);
  });

  it('cuts a revoked site at once and leaves the other connected', async () => {
    const hubUrl = `http://198.18.0.1:${lab.hub.port}/healthz`;
    expect(await lab.reach(lab.siteB, hubUrl)).toBe(true);
    await lab.hub.call('tunnels.removePeer', { id: peers.siteB.id });
    expect(await lab.reach(lab.siteB, hubUrl, 1000)).toBe(false);
    expect(await lab.reach(lab.siteA, hubUrl)).toBe(true);
    const dump = lab.net.exec(lab.hub.ns, ['wg', 'show', lab.hub.ifname, 'peers']);
    expect(dump.trim().split('\n')).toHaveLength(1);
  });
});
