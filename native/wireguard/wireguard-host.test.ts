import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from './wg-keys.js';
import { createWireguardHost, type WireguardHost } from './wireguard-host.js';
import { createTestNetwork, namespacesUnavailable, type TestNetwork } from './test-support/test-network.js';

const unavailable = namespacesUnavailable();

async function waitFor<T>(what: string, check: () => Promise<T | null | undefined>, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(unavailable !== null)(
  `WireGuard interfaces in namespaces${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    let net: TestNetwork;
    let hubNs: string;
    let siteNs: string;
    let hub: WireguardHost;
    let site: WireguardHost;
    const hubKeys = generateKeyPair();
    const siteKeys = generateKeyPair();
    let hubIf: string;
    let siteIf: string;

    beforeAll(() => {
      net = createTestNetwork();
      hubNs = net.namespace('hub');
      siteNs = net.namespace('site');
      net.link({ ns: hubNs, address: '192.0.2.1/30' }, { ns: siteNs, address: '192.0.2.2/30' });
      hub = createWireguardHost({ netns: hubNs });
      site = createWireguardHost({ netns: siteNs });
      hubIf = net.ifname('h');
      siteIf = net.ifname('s');
    });
    afterAll(async () => {
      await Promise.allSettled([hub?.close(), site?.close()]);
      await net?.cleanup();
    });

    it('brings two interfaces up and they shake hands', async () => {
      const impl = await hub.up({
        name: hubIf,
        addresses: ['198.18.0.1/15'],
        device: {
          privateKey: hubKeys.privateKey,
          listenPort: 51820,
          peers: [{ publicKey: siteKeys.publicKey, allowedIps: ['198.18.0.2/32'] }],
        },
        routes: [],
      });
      await hub.setFirewall(hubIf, { allowedPairs: [] });
      await hub.setForwarding(hubIf, true);
      expect(['kernel', 'wireguard-go']).toContain(impl);
      await site.up({
        name: siteIf,
        addresses: ['198.18.0.2/32'],
        device: {
          privateKey: siteKeys.privateKey,
          peers: [
            {
              publicKey: hubKeys.publicKey,
              endpoint: '192.0.2.1:51820',
              allowedIps: ['198.18.0.1/32'],
              persistentKeepalive: 1,
            },
          ],
        },
        routes: ['198.18.0.1/32'],
      });
      const peer = await waitFor('a handshake', async () =>
        (await hub.dump(hubIf))?.peers.find((p) => p.latestHandshakeAt),
      );
      expect(peer.publicKey).toBe(siteKeys.publicKey);
      expect(peer.endpoint).toMatch(/^192\.0\.2\.2:\d+$/);
      expect(peer.rxBytes).toBeGreaterThan(0);
      expect(net.exec(siteNs, ['ip', 'route', 'show', 'dev', siteIf])).toContain('198.18.0.1');
      expect(net.exec(hubNs, ['nft', 'list', 'table', 'inet', `outpost_${hubIf}`])).toContain(
        `iifname "${hubIf}" drop`,
      );
    });

    it('applies a change without dropping the session of an unchanged peer', async () => {
      const before = (await hub.dump(hubIf))!.peers[0]!;
      const other = generateKeyPair();
      await hub.up({
        name: hubIf,
        addresses: ['198.18.0.1/15'],
        device: {
          privateKey: hubKeys.privateKey,
          listenPort: 51820,
          peers: [
            { publicKey: siteKeys.publicKey, allowedIps: ['198.18.0.2/32'] },
            { publicKey: other.publicKey, allowedIps: ['198.18.0.3/32'] },
          ],
        },
        routes: [],
      });
      const after = (await hub.dump(hubIf))!;
      expect(after.peers).toHaveLength(2);
      const same = after.peers.find((p) => p.publicKey === siteKeys.publicKey)!;
      expect(same.latestHandshakeAt).toBe(before.latestHandshakeAt);
      expect(same.rxBytes).toBeGreaterThanOrEqual(before.rxBytes);
    });

    it('takes an interface down and its wireguard-go with it', async () => {
      await site.down(siteIf);
      expect(await site.exists(siteIf)).toBe(false);
      expect(await site.dump(siteIf)).toBeNull();
      await site.down(siteIf);
    });

    it('says in one sentence what is wrong with a missing namespace', async () => {
      const nowhere = createWireguardHost({ netns: 'wg-does-not-exist-here' });
      await expect(nowhere.exists('wg0')).rejects.toThrow(/does not exist: create it with `ip netns add/);
    });
  },
);
