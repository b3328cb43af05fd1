import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncStatus, TunnelInterface, TunnelPeer } from '../contract/index.js';
import { createWireguardHost, type WireguardHost } from '../../native/wireguard/index.js';
import { namespacesUnavailable } from '../../native/wireguard/test-support/index.js';
import { parseWgQuick } from './wg-quick.js';
import { eventually, longestGap, PRIVATE_KEY_IN_LOG, startTunnelLab, type TunnelLab } from './test-support/index.js';

const unavailable = namespacesUnavailable();
/** WireGuard's REKEY_TIMEOUT: a handshake is retried every 5 s, so this is one handshake interval. */
const HANDSHAKE_INTERVAL_MS = 5000;

/**
 * The hub's own key rotates under traffic: a hub (`--role hub`) and two sites enrolled through sync,
 * each an `outpost serve` in a namespace of its own, and a third peer added by hand — a bare
 * WireGuard device in a fourth namespace, configured from an exported file as a phone or router
 * would be. Each synced site sends an HTTP request to the hub every 10 ms through the tunnel while
 * the hub's key rotates; the sites may reach each other (an admin's grant), the hand peer may reach
 * neither, and the hub's firewall must hold that on both of its devices throughout.
 */
describe.skipIf(unavailable !== null)(
  `the hub's own key rotation over real tunnels${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    let lab: TunnelLab;
    let hubIf: TunnelInterface;
    let handNs = '';
    let handHost: WireguardHost;
    let hand: TunnelPeer;
    /** The hand peer's private keys (from its exported files): never in a log. */
    const handKeys: string[] = [];
    const handIf = () => lab.net.ifname('d');
    const hubUrl = () => `http://198.18.0.1:${lab.hub.port}/healthz`;
    const siteAUrl = () => `http://198.18.0.2:${lab.siteA.port}/healthz`;
    const hubView = async () =>
      (await lab.hub.call<{ items: TunnelInterface[] }>('tunnels.list')).items.find((i) => i.id === hubIf.id)!;
    /** One GET from the hand peer's namespace (it runs no Outpost, so curl). */
    const handReaches = (url: string) => {
      try {
        return lab.net.exec(handNs, ['curl', '-s', '-o', '/dev/null', '-w', '%{http_code}', '-m', '1', url]) === '200';
      } catch {
        return false;
      }
    };
    /** The hand peer applies a file the hub exported, as `wg-quick` would (addresses, device, routes). */
    async function handImports(config: string): Promise<void> {
      const file = parseWgQuick(config);
      handKeys.push(file.interface.privateKey);
      await handHost.up({
        name: handIf(),
        addresses: file.interface.addresses,
        device: { privateKey: file.interface.privateKey, peers: file.peers },
        routes: file.peers.flatMap((p) => p.allowedIps),
      });
    }
    /** A site "edits its own config" to route to siteA: only the hub's firewall stands in the way. */
    function widenTowardsSiteA(ns: string, ifname: string, hubKey: string): void {
      lab.net.exec(ns, ['wg', 'set', ifname, 'peer', hubKey, 'allowed-ips', '198.18.0.1/32,198.18.0.2/32']);
      lab.net.exec(ns, ['ip', 'route', 'replace', '198.18.0.2/32', 'dev', ifname]);
    }

    beforeAll(async () => {
      lab = await startTunnelLab({
        tag: 'hubrot',
        hubArgs: ['--role', 'hub'],
        env: { OUTPOST_OUTBOUND_ALLOW: '198.18.0.0/15,192.0.2.0/24', OUTPOST_SYNC_INTERVAL_SECONDS: '0.5' },
      });
      hubIf = await lab.createHub();
      // The hand peer's namespace: its own veth to the hub, as siteB has.
      handNs = lab.net.namespace('hrhd');
      lab.net.link({ ns: lab.hub.ns, address: '192.0.2.9/30' }, { ns: handNs, address: '192.0.2.10/30' });
      lab.net.exec(handNs, ['ip', 'route', 'add', '192.0.2.1/32', 'via', '192.0.2.9']);
      handHost = createWireguardHost({ netns: handNs });
    }, 120_000);
    afterAll(async () => {
      if (process.env.TUNNEL_LAB_DEBUG)
        for (const n of [lab.hub, lab.siteA, lab.siteB]) console.log(n.name, n.server.output().slice(-6000));
      await handHost?.close();
      await lab?.close();
    });

    it('connects two sites through sync and a third peer by hand, the sites allowed to reach each other', async () => {
      await lab.enrol(lab.siteA, 'North yard', 'north-yard');
      await lab.enrol(lab.siteB, 'South yard', 'south-yard');
      hand = await lab.hub.call<TunnelPeer>('tunnels.addPeer', { interfaceId: hubIf.id, name: 'Hand router' });
      await handImports((await lab.hub.call<{ config: string }>('tunnels.exportConfig', { peerId: hand.id })).config);
      const peers = await eventually('three peers on the hub', async () => {
        const v = await hubView();
        return v.peers.length === 3 && v.peers;
      });
      const [a, b] = ['North yard', 'South yard'].map((n) => peers.find((p) => p.name === n)!);
      await lab.hub.call('tunnels.setReachability', { peerIds: [a!.id, b!.id], allowed: true });
      // The grant reaches both sites in their next pull.
      await eventually('siteB reaching siteA', () => lab.reach(lab.siteB, siteAUrl(), 1000));
      expect(await lab.reach(lab.siteA, hubUrl())).toBe(true);
      expect(handReaches(hubUrl())).toBe(true);
      widenTowardsSiteA(handNs, handIf(), hubIf.publicKey);
      expect(handReaches(siteAUrl())).toBe(false);
    }, 60_000);

    it('rotates the hub key under traffic: each synced site moves within one handshake, the hand peer stays', async () => {
      const probes = [lab.siteA, lab.siteB].map((site) => lab.probe(site, hubUrl(), 10));
      await Promise.all(probes.map((p) => p.answered));
      const started = await lab.hub.call<TunnelInterface>('tunnels.rotateHubKey', { interfaceId: hubIf.id });
      expect(started.hubRotation).toMatchObject({ listenPort: 51821, endpoint: '192.0.2.1:51821', running: true });
      expect(started.publicKey).toBe(hubIf.publicKey);

      // No export, no import: each synced site's next pull carries its new file, and the hub moves it.
      const during = await eventually(
        'both synced sites on the new key',
        async () => {
          const v = await hubView();
          return v.peers.filter((p) => p.hubKeyMovedAt !== null).length === 2 && v;
        },
        20_000,
      );
      expect(during.hubRotation).not.toBeNull();
      expect(during.peers.find((p) => p.id === hand.id)!.hubKeyMovedAt).toBeNull();
      // Traffic after the move keeps flowing; then the longest silence across the whole rotation.
      const movedAt = Date.now();
      await eventually('answers after the move', async () =>
        probes.every((p) => p.answers().filter((a) => a.at > movedAt && a.ok).length >= 20),
      );
      for (const probe of probes) {
        const answers = await probe.stop();
        expect(longestGap(answers)).toBeLessThanOrEqual(HANDSHAKE_INTERVAL_MS);
        // After the move the new key carries it (a request may still time out on a loaded machine).
        const after = answers.filter((a) => a.at > movedAt);
        expect(after.filter((a) => a.ok).length / after.length).toBeGreaterThan(0.9);
      }

      // The hand peer still speaks the old key, and still works.
      expect(handReaches(hubUrl())).toBe(true);
      // Isolation on both devices: the granted sites reach each other on the new one; the hand peer
      // (old device) cannot reach siteA (new device), though it routes there and forwarding is on.
      expect(await lab.reach(lab.siteB, siteAUrl(), 1000)).toBe(true);
      expect(handReaches(siteAUrl())).toBe(false);
      // Each device has its own table: everything into or out of it dropped but the granted pair.
      for (const device of [lab.hub.ifname, during.hubRotation!.deviceName]) {
        const table = lab.net.exec(lab.hub.ns, ['nft', 'list', 'table', 'inet', `outpost_${device}`]);
        expect(table).toContain(`iifname "${device}" drop`);
        expect(table).toContain(`oifname "${device}" drop`);
        expect(table.match(/daddr \S+ accept/g)).toHaveLength(4); // siteA↔siteB both ways, IPv4 and IPv6
      }
    }, 60_000);

    it("finishes on the admin's word: the old key goes, the hand peer is cut until it imports its new file", async () => {
      const before = await hubView();
      const newDevice = before.hubRotation!.deviceName;
      const done = await lab.hub.call<TunnelInterface>('tunnels.finishHubRotation', { interfaceId: hubIf.id });
      expect(done).toMatchObject({
        hubRotation: null,
        listenPort: 51821,
        endpoint: '192.0.2.1:51821',
        running: true,
        lastError: null,
        firewall: 'enforced',
      });
      // The new device now holds the hub's addresses with the pool's prefix, in both families.
      const addresses = lab.net.exec(lab.hub.ns, ['ip', '-br', 'address', 'show', 'dev', newDevice]);
      expect(addresses).toContain('198.18.0.1/24');
      expect(addresses).toContain('fd00:18::1/64');
      expect(done.publicKey).toBe(before.hubRotation!.publicKey);
      expect(done.peers.every((p) => p.hubKeyMovedAt === null)).toBe(true);

      expect(handReaches(hubUrl())).toBe(false);
      expect(await lab.reach(lab.siteA, hubUrl())).toBe(true);
      expect(await lab.reach(lab.siteB, hubUrl())).toBe(true);
      expect(await lab.reach(lab.siteB, siteAUrl(), 1000)).toBe(true);
      // The old device and its firewall table are gone; the new one carries on with the rules.
      expect(() => lab.net.exec(lab.hub.ns, ['ip', 'link', 'show', 'dev', lab.hub.ifname])).toThrow();
      const tables = lab.net.exec(lab.hub.ns, ['nft', 'list', 'tables']);
      expect(tables).not.toContain(`outpost_${lab.hub.ifname}\n`);
      expect(tables).toContain(`outpost_${newDevice}`);

      // The hand peer takes its new file (the admin's export) and is back, still kept from siteA.
      await handImports((await lab.hub.call<{ config: string }>('tunnels.exportConfig', { peerId: hand.id })).config);
      await eventually('the hand peer reaching the hub on the new key', async () => handReaches(hubUrl()));
      widenTowardsSiteA(handNs, handIf(), done.publicKey);
      expect(handReaches(siteAUrl())).toBe(false);

      // The synced sites hold the new key and keep syncing.
      const siteIf = (await lab.siteA.call<{ items: TunnelInterface[] }>('tunnels.list')).items[0]!;
      expect(siteIf.peers[0]!.publicKey).toBe(done.publicKey);
      const status = await lab.siteA.call<SyncStatus>('sync.now');
      expect(status).toMatchObject({ state: 'synced', lastError: null });
    }, 60_000);

    it('never writes a private key to any log', () => {
      for (const node of [lab.hub, lab.siteA, lab.siteB]) {
        const output = node.server.output();
        expect(output).not.toMatch(PRIVATE_KEY_IN_LOG);
        for (const secret of handKeys) expect(output).not.toContain(secret);
      }
    });
  },
);
