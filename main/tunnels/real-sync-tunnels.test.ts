import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubSite, SyncStatus, TunnelInterface } from '../contract/index.js';
import { namespacesUnavailable } from '../../native/wireguard/test-support/index.js';
import { eventually, PRIVATE_KEY_IN_LOG, startTunnelLab, type TunnelLab } from './test-support/index.js';

const unavailable = namespacesUnavailable();

/**
 * Sync carries the tunnel: a hub (`--role hub`) and a site, each an `outpost serve` in a namespace
 * of its own (see test-support/tunnel-lab.ts). The site enrols over the "internet" veth with a code
 * and nothing else; the hub's answer brings up its tunnel, and from then on sync runs through it.
 */
describe.skipIf(unavailable !== null)(
  `sync over real tunnels${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    let lab: TunnelLab;
    let hubIf: TunnelInterface;
    let hubSiteId = '';
    const hubTunnelUrl = () => `http://198.18.0.1:${lab.hub.port}`;
    const siteHealth = () => `http://198.18.0.2:${lab.siteA.port}/healthz`;
    const hubSite = async () =>
      (await lab.hub.call<{ items: HubSite[] }>('hub.sites')).items.find((s) => s.siteId === hubSiteId)!;
    const hubPeer = async () =>
      (await lab.hub.call<{ items: TunnelInterface[] }>('tunnels.list')).items.find((i) => i.id === hubIf.id)!.peers[0];

    beforeAll(async () => {
      lab = await startTunnelLab({
        sites: ['siteA'],
        tag: 'hubtunnel',
        hubArgs: ['--role', 'hub'],
        env: { OUTPOST_OUTBOUND_ALLOW: '198.18.0.0/15,192.0.2.0/24', OUTPOST_SYNC_INTERVAL_SECONDS: '0.5' },
      });
      hubIf = await lab.createHub();
    }, 90_000);
    afterAll(async () => {
      if (process.env.TUNNEL_LAB_DEBUG)
        for (const n of [lab.hub, lab.siteA]) console.log(n.name, n.server.output().slice(-6000));
      await lab?.close();
    });

    it('enrols a site with a code: its tunnel comes up and its sync reaches the hub through it', async () => {
      const enrolled = await lab.enrol(lab.siteA, 'North yard', 'north-yard');
      hubSiteId = enrolled.hubSiteId;
      expect(enrolled.hubUrl).toBe(hubTunnelUrl());

      const site = (await lab.siteA.call<{ items: TunnelInterface[] }>('tunnels.list')).items[0]!;
      expect(site).toMatchObject({ role: 'site', running: true, addresses: ['198.18.0.2/32', 'fd00:18::2/128'] });
      const synced = await eventually('the site synced through the tunnel', async () => {
        const status = await lab.siteA.call<SyncStatus>('sync.now');
        return status.state === 'synced' && status.lastPullAt !== null && status;
      });
      expect(synced.lastError).toBeNull();

      // The hub's counters come from its health monitor's next reading of `wg show dump`.
      const peer = await eventually('the hub counts bytes from the site', async () => {
        const p = (await hubPeer())!;
        return p.health.rxBytes > 0 && p;
      });
      expect(peer).toMatchObject({ siteId: hubSiteId, addresses: ['198.18.0.2/32', 'fd00:18::2/128'] });
      const seen = await eventually('the hub shows the tunnel up', async () => {
        const s = await hubSite();
        return s.tunnel.state === 'up' && s;
      });
      expect(seen).toMatchObject({ reachability: 'ok', tunnel: { peerId: peer.id } });
      expect(seen.lastSyncAt).not.toBeNull();
    });

    it('answers sync on the tunnel address, not on the others the server listens on', () => {
      // An empty hello from the site's namespace: refused for its body on the tunnel address (the
      // route answers there), and not served at all on the hub's "internet" address.
      const status = (url: string) =>
        lab.net.exec(lab.siteA.ns, [
          'curl',
          '-s',
          '-o',
          '/dev/null',
          '-w',
          '%{http_code}',
          '-m',
          '5',
          '-X',
          'POST',
          '-H',
          'content-type: application/json',
          '-d',
          '{}',
          `${url}/api/sync/hello`,
        ]);
      expect(status(hubTunnelUrl())).toBe('400');
      expect(status(`http://192.0.2.1:${lab.hub.port}`)).toBe('404');
    });

    it('delivers a rotation through sync, and traffic goes on with the new key', async () => {
      const probe = lab.probe(lab.hub, siteHealth(), 20);
      await probe.answered;
      const before = (await hubPeer())!;
      await lab.hub.call('tunnels.rotateKeys', { peerId: before.id });
      // No export, no import: the site's next pull carries the config, and the old key retires.
      const done = await eventually(
        'the rotation finished through sync',
        async () => {
          const p = (await hubPeer())!;
          return p.rotationPendingSince === null && p.publicKey !== before.publicKey && p;
        },
        20_000,
      );
      expect(done.health.state).toBe('up');
      const finishedAt = Date.now();
      await eventually(
        'answers after the rotation',
        async () => probe.answers().filter((a) => a.at > finishedAt).length >= 5,
      );
      const answers = await probe.stop();
      expect(answers.filter((a) => a.at > finishedAt).every((a) => a.ok)).toBe(true);
      const status = await lab.siteA.call<SyncStatus>('sync.now');
      expect(status).toMatchObject({ state: 'synced', lastError: null });
      // The site's interface was reconfigured in place, not made anew.
      const siteIfs = (await lab.siteA.call<{ items: TunnelInterface[] }>('tunnels.list')).items;
      expect(siteIfs).toHaveLength(1);
      expect(siteIfs[0]!.publicKey).toBe(done.publicKey);
    }, 60_000);

    it('cuts the tunnel when the site is revoked', async () => {
      expect(await lab.reach(lab.siteA, `${hubTunnelUrl()}/healthz`)).toBe(true);
      await lab.hub.call('hub.revokeSite', { siteId: hubSiteId });
      expect(await lab.reach(lab.siteA, `${hubTunnelUrl()}/healthz`, 1000)).toBe(false);
      expect(lab.net.exec(lab.hub.ns, ['wg', 'show', lab.hub.ifname, 'peers']).trim()).toBe('');
      expect(await hubSite()).toMatchObject({ reachability: 'revoked', tunnel: { state: 'none', peerId: null } });
    });

    it('never writes a private key to either log', () => {
      for (const node of [lab.hub, lab.siteA]) expect(node.server.output()).not.toMatch(PRIVATE_KEY_IN_LOG);
    });
  },
);
