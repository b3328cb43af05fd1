import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TunnelInterface, TunnelPeer } from '../contract/index.js';
import { addUser, createCore, createLogger, loadConfig, type CallContext, type Core } from '../core/index.js';
import { createWireguardHost } from '../../native/wireguard/index.js';
import {
  createTestNetwork,
  namespacesUnavailable,
  type TestNetwork,
} from '../../native/wireguard/test-support/index.js';
import { startTunnelHelper, type TunnelHelper } from './index.js';

/**
 * A Core configured with `tunnels.helperSocket` manages its interfaces only through the helper:
 * a hub comes up in the helper's namespace with its firewall, the helper's refusals and absence
 * show as the interface's one-sentence error, and closing the Core stops what it started.
 */

const unavailable = process.getuid?.() === 0 ? namespacesUnavailable() : 'not running as root';
const ADMIN = { email: 'admin@example.com', password: 'a long test password' };

async function startCore(dataDir: string, helperSocket: string): Promise<{ core: Core; ctx: CallContext }> {
  // The Core's own namespace setting points nowhere: only the helper's may be used.
  const config = loadConfig({
    env: {},
    overrides: { dataDir, tunnels: { helperSocket, netns: 'wghelper-no-such-ns' } },
  });
  await addUser({ config, email: ADMIN.email, role: 'admin', password: ADMIN.password });
  const core = await createCore({ config, logger: createLogger({ log: { level: 'silent' } }) });
  const address = '198.51.100.1';
  const { token } = (await core.call('auth.login', ADMIN, { transport: 'http', address })) as { token: string };
  return { core, ctx: { transport: 'http', address, token } };
}

async function upHub(core: Core, ctx: CallContext, name: string): Promise<TunnelInterface> {
  const hub = (await core.call(
    'tunnels.createInterface',
    { name, role: 'hub', poolV4: '198.18.0.8/29', poolV6: 'fd00:79::/64', endpoint: '192.0.2.1:51831' },
    ctx,
  )) as TunnelInterface;
  return (await core.call('tunnels.up', { id: hub.id }, ctx)) as TunnelInterface;
}

describe.skipIf(unavailable !== null)(
  `a Core through the tunnel helper${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    let net: TestNetwork;
    let ns: string;
    let dir: string;
    let helper: TunnelHelper;
    const cores: Core[] = [];

    beforeAll(async () => {
      net = createTestNetwork();
      ns = net.namespace('helpercore');
      dir = mkdtempSync(join(tmpdir(), 'outpost-wghelper-core-'));
      helper = await startTunnelHelper({
        socketPath: join(dir, 'helper.sock'),
        gid: process.getgid!(),
        prefix: 'wg',
        host: createWireguardHost({ netns: ns }),
        version: 'test',
        log: { info: () => undefined, warn: () => undefined },
      });
    }, 30_000);
    afterAll(async () => {
      await Promise.allSettled(cores.map((c) => c.close()));
      await helper?.close();
      await net?.cleanup();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('brings a hub up in the helper namespace, reports it, and stops it when the Core closes', async () => {
      const { core, ctx } = await startCore(join(dir, 'data-a'), helper.socketPath);
      cores.push(core);
      const call = <T>(method: string, input: unknown = {}) => core.call(method, input, ctx) as Promise<T>;
      const name = net.ifname('core');
      const hub = await call<TunnelInterface>('tunnels.createInterface', {
        name,
        role: 'hub',
        poolV4: '198.18.0.0/29',
        poolV6: 'fd00:78::/64',
        endpoint: '192.0.2.1:51830',
        listenPort: 51830,
      });
      await call<TunnelPeer>('tunnels.addPeer', { interfaceId: hub.id, name: 'Site a' });
      const listed = await call<TunnelInterface>('tunnels.up', { id: hub.id });
      expect(listed).toMatchObject({ running: true, lastError: null, firewall: 'enforced' });
      expect(['kernel', 'wireguard-go']).toContain(listed.implementation);
      expect(net.exec(ns, ['wg', 'show', name, 'listen-port']).trim()).toBe('51830');
      expect(net.exec(ns, ['wg', 'show', name, 'peers']).trim().split('\n')).toHaveLength(1);
      expect(net.exec(ns, ['ip', '-o', 'address', 'show', 'dev', name])).toContain('198.18.0.1/29');
      expect(net.exec(ns, ['nft', 'list', 'table', 'inet', `outpost_${name}`])).toContain(`iifname "${name}" drop`);

      await core.close();
      cores.splice(cores.indexOf(core), 1);
      if (listed.implementation === 'wireguard-go') {
        expect(net.exec(ns, ['ip', '-o', 'link', 'show'])).not.toContain(name);
      }
    }, 60_000);

    it("shows the helper's refusal of a name outside its prefix as the interface's error", async () => {
      const { core, ctx } = await startCore(join(dir, 'data-b'), helper.socketPath);
      cores.push(core);
      const created = await upHub(core, ctx, 'eth-outpost');
      expect(created.running).toBe(false);
      expect(created.lastError).toMatch(/^The tunnel helper refused the request: .*must start with "wg"/);
    }, 60_000);

    it('says how to install the helper when its socket is missing', async () => {
      const { core, ctx } = await startCore(join(dir, 'data-c'), join(dir, 'absent.sock'));
      cores.push(core);
      const created = await upHub(core, ctx, 'wgabsent0');
      expect(created.running).toBe(false);
      expect(created.lastError).toMatch(
        /^Tunnels need the Outpost tunnel helper, which is not running at .*absent\.sock/,
      );
    }, 60_000);
  },
);
