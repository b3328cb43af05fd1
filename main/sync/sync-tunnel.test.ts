import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstallation, type Installation } from './test-support/index.js';

/*
 * Sync carrying WireGuard configs, where this machine cannot run the tunnels: a hub and a site on
 * loopback whose interfaces live in a namespace that does not exist, so every step is stored and
 * delivered, and the site says in one sentence why its tunnel is not up. The real tunnels (and the
 * hub answering on its tunnel address) are in main/tunnels/real-sync-tunnels.test.ts.
 */

const NO_NETNS = { tunnels: { netns: `outpost-hubtunnel-none-${process.pid}` } };

let hub: Installation;
let site: Installation;
let hubSiteId = '';
let peerId = '';

async function siteInterface() {
  const list = await site.rpc('tunnels.list', {});
  expect(list.status).toBe(200);
  return list.body.items as {
    id: string;
    name: string;
    publicKey: string;
    running: boolean;
    lastError: string;
    addresses: string[];
    peers: { allowedIps: string[] }[];
  }[];
}

beforeAll(async () => {
  hub = await startInstallation('hub', { ...NO_NETNS, sync: { listenOn: ['127.0.0.0/8'] } });
  site = await startInstallation('site', {
    ...NO_NETNS,
    sync: { intervalSeconds: 3600, pushDelayMs: 0 },
    outbound: { allow: ['127.0.0.0/8'] },
  });
  const created = await hub.rpc('tunnels.createInterface', {
    name: `ht${process.pid.toString(36)}`,
    role: 'hub',
    poolV4: '198.18.4.0/24',
    endpoint: '192.0.2.1:51820',
  });
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  expect((await site.rpc('sites.create', { name: 'North yard', slug: 'north-yard' })).status).toBe(200);
}, 60_000);

afterAll(async () => {
  await site?.close();
  await hub?.close();
});

describe('sync carries the site’s tunnel config', () => {
  it('answers the enrolment with the site’s peer config, and says why the tunnel is not up', async () => {
    const made = await hub.rpc('sync.createEnrolment', { siteName: 'North yard' });
    const enrolled = await site.rpc('sync.enrol', { hubUrl: hub.url, code: made.body.code });
    expect(enrolled.status).toBe(200);
    hubSiteId = enrolled.body.hubSiteId;
    // Sync keeps its configured address (listenOn is set), and the missing tunnel is one sentence.
    expect(enrolled.body.hubUrl).toBe(hub.url);
    expect(enrolled.body.lastError).toMatch(/^Enrolled, but the tunnel to the hub is not up: .+/);
    expect(enrolled.body.lastError).not.toMatch(/\n|at .+\.ts:/);

    const [iface] = await siteInterface();
    expect(iface).toMatchObject({ role: 'site', running: false, lastError: expect.any(String) });
    expect(iface!.addresses[0]).toBe('198.18.4.2/32');
    const hubSide = await hub.rpc('hub.sites', {});
    const row = hubSide.body.items.find((s: { siteId: string }) => s.siteId === hubSiteId);
    peerId = row.tunnel.peerId;
    expect(row.tunnel).toMatchObject({ state: 'down', peerId: expect.any(String) });
    const peers = (await hub.rpc('tunnels.list', {})).body.items[0].peers;
    expect(peers).toMatchObject([{ id: peerId, siteId: hubSiteId }]);
    expect(peers[0].addresses[0]).toBe('198.18.4.2/32');
    // The next exchange syncs as usual over the configured address.
    expect((await site.rpc('sync.now', {})).body).toMatchObject({ state: 'synced', lastError: null });
  });

  it('delivers a rotation through the pull, onto the same interface', async () => {
    const [before] = await siteInterface();
    const rotated = await hub.rpc('tunnels.rotateKeys', { peerId });
    expect(rotated.status).toBe(200);
    expect((await site.rpc('sync.now', {})).body).toMatchObject({ state: 'synced', lastError: null });
    const after = await siteInterface();
    expect(after).toHaveLength(1);
    expect(after[0]!.id).toBe(before!.id);
    expect(after[0]!.publicKey).not.toBe(before!.publicKey);
    // The hub waits for that key's handshake before it retires the old one.
    const peer = (await hub.rpc('tunnels.list', {})).body.items[0].peers[0];
    expect(peer.rotationPendingSince).not.toBeNull();
    // Pulled once: the next exchange changes nothing.
    await site.rpc('sync.now', {});
    expect((await siteInterface())[0]!.publicKey).toBe(after[0]!.publicKey);
  });

  it('delivers a grant to reach another peer through the pull', async () => {
    const hubIf = (await hub.rpc('tunnels.list', {})).body.items[0];
    const other = await hub.rpc('tunnels.addPeer', { interfaceId: hubIf.id, name: 'Depot laptop' });
    expect(other.status).toBe(200);
    const otherAddress = other.body.addresses[0] as string;
    const hubPeerOf = async () => (await siteInterface())[0]!.peers[0]!.allowedIps;
    expect(await hubPeerOf()).not.toContain(otherAddress);
    const granted = await hub.rpc('tunnels.setReachability', { peerIds: [peerId, other.body.id], allowed: true });
    expect(granted.status).toBe(200);
    expect((await site.rpc('sync.now', {})).body).toMatchObject({ state: 'synced', lastError: null });
    expect(await hubPeerOf()).toContain(otherAddress);
  });

  it('keeps no private key in clear on either side', async () => {
    for (const dir of [site.dataDir, hub.dataDir]) {
      const main = await readFile(join(dir, 'outpost.sqlite'));
      const wal = await readFile(join(dir, 'outpost.sqlite-wal')).catch(() => Buffer.alloc(0));
      expect(main.length).toBeGreaterThan(0);
      for (const bytes of [main, wal]) expect(bytes.includes('PrivateKey'), dir).toBe(false);
    }
  });

  it('removes the site’s peer when the site is revoked', async () => {
    expect((await hub.rpc('hub.revokeSite', { siteId: hubSiteId })).status).toBe(200);
    // The site's peer is gone; the peer added by hand stays.
    const left = (await hub.rpc('tunnels.list', {})).body.items[0].peers as { id: string; name: string }[];
    expect(left.map((p) => p.name)).toEqual(['Depot laptop']);
    const row = (await hub.rpc('hub.sites', {})).body.items.find((s: { siteId: string }) => s.siteId === hubSiteId);
    expect(row).toMatchObject({ reachability: 'revoked', tunnel: { state: 'none', peerId: null } });
    // Revoking twice is not an error.
    expect((await hub.rpc('hub.revokeSite', { siteId: hubSiteId })).status).toBe(200);
  });
});

describe('a hub that answers sync on its tunnel only (sync.listenOn unset)', () => {
  let tunnelHub: Installation;
  let tunnelSite: Installation;
  beforeAll(async () => {
    tunnelHub = await startInstallation('hub', NO_NETNS);
    tunnelSite = await startInstallation('site', {
      ...NO_NETNS,
      sync: { intervalSeconds: 3600, pushDelayMs: 0, requestTimeoutSeconds: 1 },
      outbound: { allow: ['127.0.0.0/8', '198.18.0.0/15'] },
    });
    await tunnelHub.rpc('tunnels.createInterface', {
      name: `hu${process.pid.toString(36)}`,
      role: 'hub',
      poolV4: '198.18.6.0/24',
      endpoint: '192.0.2.1:51820',
    });
    await tunnelSite.rpc('sites.create', { name: 'South yard', slug: 'south-yard' });
  }, 60_000);
  afterAll(async () => {
    await tunnelSite?.close();
    await tunnelHub?.close();
  });

  it('moves the site to the hub’s tunnel address, and says the tunnel is what is missing', async () => {
    const made = await tunnelHub.rpc('sync.createEnrolment', { siteName: 'South yard' });
    const enrolled = await tunnelSite.rpc('sync.enrol', { hubUrl: tunnelHub.url, code: made.body.code });
    const port = new URL(tunnelHub.url).port;
    expect(enrolled.body).toMatchObject({
      state: 'offline',
      hubUrl: `http://198.18.6.1:${port}`,
      lastError: expect.stringMatching(/^Enrolled, but the tunnel to the hub is not up/),
    });
    const later = await tunnelSite.rpc('sync.now', {});
    expect(later.body.lastError).toMatch(/cannot be reached.* The tunnel op[0-9a-z]{8} is not up: /);
  });
});
