import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TunnelInterface, TunnelPeer } from '../contract/index.js';
import { addUser, createCore, createLogger, loadConfig, type CallContext, type Core } from '../core/index.js';
import { openStore } from '../store/index.js';
import { tunnelsOf } from './test-support/index.js';

/**
 * The tunnels slice through a real Core and SQLite file, with its interfaces pointed at a network
 * namespace that does not exist: everything here is about the store, the keys and the API, and
 * nothing touches this machine's network (real interfaces: real-tunnels.test.ts).
 */

let dataDir: string;
let core: Core;
let ctx: CallContext;
const call = <T>(method: string, input: unknown = {}) => core.call(method, input, ctx) as Promise<T>;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'outpost-tunnels-'));
  const config = loadConfig({ env: {}, overrides: { dataDir, tunnels: { netns: 'outpost-wg-test-no-such-ns' } } });
  await addUser({ config, email: 'admin@example.com', role: 'admin', password: 'a long test password' });
  core = await createCore({ config, logger: createLogger({ log: { level: 'silent' } }) });
  const { token } = (await core.call(
    'auth.login',
    { email: 'admin@example.com', password: 'a long test password' },
    { transport: 'http', address: '198.51.100.1' },
  )) as { token: string };
  ctx = { transport: 'http', address: '198.51.100.1', token };
});
afterAll(async () => {
  await core?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('tunnels through the Core', () => {
  let hub: TunnelInterface;
  let peers: TunnelPeer[] = [];

  it('allocates addresses without collisions and refuses overlapping ranges', async () => {
    hub = await call('tunnels.createInterface', {
      name: 'wgt-hub',
      role: 'hub',
      poolV4: '198.18.0.0/29',
      poolV6: 'fd00:77::/64',
      endpoint: 'hub.example.net:51820',
    });
    expect(hub.addresses).toEqual(['198.18.0.1/29', 'fd00:77::1/64']);
    peers = await Promise.all(
      ['a', 'b', 'c', 'd', 'e'].map((n) =>
        call<TunnelPeer>('tunnels.addPeer', { interfaceId: hub.id, name: `Site ${n}` }),
      ),
    );
    expect(peers.map((p) => p.addresses[0]).sort()).toEqual([
      '198.18.0.2/32',
      '198.18.0.3/32',
      '198.18.0.4/32',
      '198.18.0.5/32',
      '198.18.0.6/32',
    ]);
    await expect(call('tunnels.addPeer', { interfaceId: hub.id, name: 'one too many' })).rejects.toThrow(
      /range of this interface is full/,
    );
    await call('tunnels.removePeer', { id: peers[1]!.id });
    const again = await call<TunnelPeer>('tunnels.addPeer', { interfaceId: hub.id, name: 'Site b2' });
    expect(again.addresses[0]).toBe('198.18.0.3/32');
    await expect(
      call('tunnels.createInterface', {
        name: 'wgt-other',
        role: 'hub',
        poolV4: '198.18.0.0/24',
        poolV6: 'fd00:78::/64',
      }),
    ).rejects.toMatchObject({ code: 'invalid_input', issues: [{ path: 'poolV4' }] });
    await expect(
      call('tunnels.createInterface', {
        name: 'wgt-hub',
        role: 'hub',
        poolV4: '198.18.9.0/24',
        poolV6: 'fd00:79::/64',
      }),
    ).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  it('keeps private keys sealed at rest, out of every answer but the audited export', async () => {
    const { config } = await call<{ config: string }>('tunnels.exportConfig', { peerId: peers[0]!.id });
    const privateKey = /PrivateKey = (\S+)/.exec(config)![1]!;
    const psk = /PresharedKey = (\S+)/.exec(config)![1]!;
    const listed = JSON.stringify(await call('tunnels.list'));
    expect(listed).not.toContain(privateKey);
    expect(listed).not.toContain(psk);
    const database = readFileSync(join(dataDir, 'outpost.sqlite'));
    expect(database.includes(Buffer.from(privateKey))).toBe(false);
    expect(database.includes(Buffer.from(psk))).toBe(false);
    expect(statSync(join(dataDir, 'keys', 'tunnels.key')).mode & 0o777).toBe(0o600);
    const store = await openStore({ dataDir, migrate: 'none' });
    try {
      const entries = store.audit.list({ tenantId: store.tenants.ensureDefault().id }, { limit: 50 });
      const exported = entries.find((e) => e.action === 'tunnels.exportConfig');
      expect(exported).toMatchObject({ outcome: 'ok', actorEmail: 'admin@example.com', targetId: null });
      expect(JSON.stringify(entries)).not.toContain(privateKey);
    } finally {
      store.close();
    }
  });

  it('renders a config that gives the site the hub only, and the other site once allowed', async () => {
    const [a, , c] = peers;
    const before = (await call<{ config: string }>('tunnels.exportConfig', { peerId: a!.id })).config;
    expect(before).toMatch(/AllowedIPs = 198\.18\.0\.1\/32, fd00:77::1\/128\n/);
    expect(before).toMatch(/Endpoint = hub\.example\.net:51820/);
    const after = await call<TunnelInterface>('tunnels.setReachability', { peerIds: [a!.id, c!.id], allowed: true });
    expect(after.grants).toHaveLength(1);
    const granted = (await call<{ config: string }>('tunnels.exportConfig', { peerId: a!.id })).config;
    expect(granted).toContain('198.18.0.4/32');
    const { qrSvg } = await call<{ qrSvg: string }>('tunnels.exportConfig', { peerId: a!.id, qr: true });
    expect(qrSvg).toMatch(/^<svg/);
  });

  it('serves a one-time link once, and never an expired or made-up one', async () => {
    const { path } = await call<{ path: string }>('tunnels.createLink', { peerId: peers[0]!.id, ttlMinutes: 1 });
    const token = path.split('/').at(-1)!;
    const service = tunnelsOf(core);
    const first = service.peers.consumeLink(token, { address: '198.51.100.9' });
    expect(first?.config).toMatch(/^# Outpost tunnel for Site a/);
    expect(service.peers.consumeLink(token, { address: '198.51.100.9' })).toBeNull();
    expect(service.peers.consumeLink('x'.repeat(43), { address: '198.51.100.9' })).toBeNull();
    expect(service.peers.consumeLink('../../etc/passwd', { address: '198.51.100.9' })).toBeNull();
  });

  it('rotates a managed key: the new key waits beside the old one and goes into the exported config', async () => {
    const peer = peers[0]!;
    const oldConfig = (await call<{ config: string }>('tunnels.exportConfig', { peerId: peer.id })).config;
    const rotating = await call<TunnelPeer>('tunnels.rotateKeys', { peerId: peer.id });
    expect(rotating.publicKey).toBe(peer.publicKey);
    expect(rotating.rotationPendingSince).not.toBeNull();
    const newConfig = (await call<{ config: string }>('tunnels.exportConfig', { peerId: peer.id })).config;
    expect(/PrivateKey = (\S+)/.exec(newConfig)![1]).not.toBe(/PrivateKey = (\S+)/.exec(oldConfig)![1]);
    await expect(call('tunnels.rotateKeys', { peerId: peer.id, publicKey: peer.publicKey })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });

  it('imports a site config, refusing what it cannot honour and storing nothing then', async () => {
    const { config } = await call<{ config: string }>('tunnels.exportConfig', { peerId: peers[2]!.id });
    await expect(
      call('tunnels.importConfig', { name: 'wgt-site', config: `${config}PostUp = rm -rf /\n` }),
    ).rejects.toThrow(/PostUp runs shell commands/);
    await expect(
      call('tunnels.importConfig', {
        name: 'wgt-site',
        config: config.replace(/AllowedIPs = .*/, 'AllowedIPs = 0.0.0.0/0'),
      }),
    ).rejects.toThrow(/site↔hub traffic only/);
    expect((await call<{ items: TunnelInterface[] }>('tunnels.list')).items.map((i) => i.name)).toEqual(['wgt-hub']);
    const site = await call<TunnelInterface>('tunnels.importConfig', { name: 'wgt-site', config });
    expect(site).toMatchObject({
      role: 'site',
      enabled: true,
      running: false,
      addresses: ['198.18.0.4/32', 'fd00:77::4/128'],
    });
    // The namespace is missing, so the interface cannot come up: said in one sentence, not thrown.
    expect(site.lastError).toMatch(/network namespace "outpost-wg-test-no-such-ns" .* does not exist/);
    expect(site.peers[0]!.allowedIps).toContain('198.18.0.1/32');
  });

  it("rotates the hub's own key beside the old one, on the next port, until finished", async () => {
    // Wanted up (its namespace is missing here, so it does not run): the rotation takes two devices.
    await call('tunnels.up', { id: hub.id });
    const peer = peers[0]!;
    const refused = call('tunnels.rotateHubKey', { interfaceId: hub.id, listenPort: 51820 });
    await expect(refused).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/^listenPort:/),
    });
    const rotating = await call<TunnelInterface>('tunnels.rotateHubKey', { interfaceId: hub.id });
    expect(rotating.publicKey).toBe(hub.publicKey);
    expect(rotating.hubRotation).toMatchObject({ listenPort: 51821, endpoint: 'hub.example.net:51821' });
    expect(rotating.hubRotation!.deviceName).toBe('wgt-hub-k');
    expect(rotating.peers.every((p) => p.hubKeyMovedAt === null)).toBe(true);
    await expect(call('tunnels.rotateHubKey', { interfaceId: hub.id })).rejects.toMatchObject({ code: 'conflict' });
    // Every file handed out now names the new key and port.
    const { config } = await call<{ config: string }>('tunnels.exportConfig', { peerId: peer.id });
    expect(config).toContain(`PublicKey = ${rotating.hubRotation!.publicKey}`);
    expect(config).toContain('Endpoint = hub.example.net:51821');

    const done = await call<TunnelInterface>('tunnels.finishHubRotation', { interfaceId: hub.id });
    expect(done).toMatchObject({
      hubRotation: null,
      publicKey: rotating.hubRotation!.publicKey,
      listenPort: 51821,
      endpoint: 'hub.example.net:51821',
    });
    // Nothing left to finish: the interface as it is.
    expect(await call<TunnelInterface>('tunnels.finishHubRotation', { interfaceId: hub.id })).toMatchObject({
      publicKey: done.publicKey,
      hubRotation: null,
    });
    // The next rotation goes back to the first port (and name): two ports to open, not a new one each time.
    const again = await call<TunnelInterface>('tunnels.rotateHubKey', { interfaceId: hub.id });
    expect(again.hubRotation).toMatchObject({ listenPort: 51820, deviceName: 'wgt-hub' });
    await call('tunnels.finishHubRotation', { interfaceId: hub.id });

    // A hub that is down has nobody connected: it just gets the new key.
    await call('tunnels.down', { id: hub.id });
    const swapped = await call<TunnelInterface>('tunnels.rotateHubKey', { interfaceId: hub.id });
    expect(swapped.hubRotation).toBeNull();
    expect(swapped.publicKey).not.toBe(again.hubRotation!.publicKey);
  });
});
