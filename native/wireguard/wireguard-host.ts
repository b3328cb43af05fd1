import { runTool, runWithSecretFile, WireguardToolError } from './command-runner.js';
import { parseDump, type DumpInterface } from './wg-dump.js';
import { renderDeviceConfig, type WgDeviceConfig } from './wg-conf.js';
import { publicKeyOf } from './wg-keys.js';
import { startUserspaceDevice, type UserspaceDevice } from './userspace-device.js';
import { syncAddresses, syncRoutes } from './ip-state.js';
import { renderFirewall, type FirewallSpec } from './nft-firewall.js';

export interface InterfaceSpec {
  name: string;
  /** CIDRs on the interface (`198.18.0.1/15`, `fd00::1/64`). */
  addresses: readonly string[];
  mtu?: number | null;
  device: WgDeviceConfig;
  /** Extra routes into the tunnel (peers' AllowedIPs outside the interface's own prefixes). */
  routes: readonly string[];
}

export type Implementation = 'kernel' | 'wireguard-go';

export interface WireguardHost {
  /** The namespace every command runs in; undefined for the process's own. */
  readonly netns: string | undefined;
  /**
   * Creates the interface when absent (kernel WireGuard where the kernel has it, wireguard-go
   * otherwise) and makes it match `spec` without dropping peers whose settings did not change.
   */
  up(spec: InterfaceSpec): Promise<Implementation>;
  /** Replaces the interface's isolation table (hubs); null deletes it. */
  setFirewall(name: string, spec: FirewallSpec | null): Promise<void>;
  /** Whether packets arriving on the interface may be forwarded (to other peers, on a hub). */
  setForwarding(name: string, on: boolean): Promise<void>;
  /** Deletes the interface (and its firewall table); absent is fine. */
  down(name: string): Promise<void>;
  /** Null when the interface does not exist. */
  dump(name: string): Promise<DumpInterface | null>;
  exists(name: string): Promise<boolean>;
  /** Stops the wireguard-go processes this host started (their interfaces go with them). */
  close(): Promise<void>;
}

const NO_DEVICE = /does not exist|No such device|Unable to access interface|Cannot find device/i;
const NO_KERNEL_MODULE = /Unknown device type|Operation not supported|not supported/i;

export function createWireguardHost(options: { netns?: string | undefined } = {}): WireguardHost {
  const { netns } = options;
  const run = (tool: string, args: readonly string[], input?: string) =>
    runTool(tool, args, { netns, ...(input === undefined ? {} : { input }) });
  const userspace = new Map<string, UserspaceDevice>();
  const implementations = new Map<string, Implementation>();
  let kernelAvailable: boolean | undefined;

  async function exists(name: string): Promise<boolean> {
    try {
      await run('ip', ['link', 'show', 'dev', name]);
      return true;
    } catch (err) {
      if (err instanceof WireguardToolError && NO_DEVICE.test(err.detail)) return false;
      throw err;
    }
  }

  async function create(name: string): Promise<Implementation> {
    if (kernelAvailable !== false) {
      try {
        await run('ip', ['link', 'add', 'dev', name, 'type', 'wireguard']);
        kernelAvailable = true;
        return 'kernel';
      } catch (err) {
        if (!(err instanceof WireguardToolError) || !NO_KERNEL_MODULE.test(err.detail)) throw err;
        kernelAvailable = false;
      }
    }
    const device = await startUserspaceDevice(name, netns, async () => {
      if (!(await exists(name))) return false;
      // The interface appears before the control socket `wg` talks to.
      return run('wg', ['show', name, 'listen-port']).then(
        () => true,
        () => false,
      );
    });
    userspace.set(name, device);
    void device.exited.then(() => {
      if (userspace.get(name) === device) userspace.delete(name);
    });
    return 'wireguard-go';
  }

  /**
   * After a new private key every session is gone, and a peer that only answers (a hub's traffic to
   * a site) would wait for the next keepalive to find out. Turning each keepalive off and on sends
   * one at once (wg and wireguard-go both do on that transition), so the handshake with the new key
   * starts now: this is what keeps a key rotation's gap to one handshake.
   */
  async function kick(spec: InterfaceSpec): Promise<void> {
    for (const peer of spec.device.peers) {
      if (!peer.persistentKeepalive) continue;
      await run('wg', ['set', spec.name, 'peer', peer.publicKey, 'persistent-keepalive', '0']);
      await run('wg', [
        'set',
        spec.name,
        'peer',
        peer.publicKey,
        'persistent-keepalive',
        String(peer.persistentKeepalive),
      ]);
    }
  }

  async function removeFirewall(name: string): Promise<void> {
    await run('nft', ['delete', 'table', 'inet', `outpost_${name}`]).catch(() => undefined);
  }

  return {
    netns,
    exists,
    async up(spec) {
      let implementation = implementations.get(spec.name);
      const existed = await exists(spec.name);
      if (!existed) implementation = await create(spec.name);
      implementation ??= userspace.has(spec.name) ? 'wireguard-go' : 'kernel';
      implementations.set(spec.name, implementation);
      const keyBefore = existed ? (await run('wg', ['show', spec.name, 'public-key'])).trim() : null;
      // Without a ListenPort, syncconf would pick a new random port, and peers would keep sending to
      // the old one until this side spoke again: keep the port the device has.
      const listenPort =
        spec.device.listenPort ??
        (existed ? Number((await run('wg', ['show', spec.name, 'listen-port'])).trim()) : null);
      // syncconf keeps the sessions of unchanged peers, unlike setconf.
      const conf = renderDeviceConfig({ ...spec.device, listenPort: listenPort || null });
      await runWithSecretFile('wg', (path) => ['syncconf', spec.name, path], conf, { netns });
      if (keyBefore !== null && keyBefore !== publicKeyOf(spec.device.privateKey)) await kick(spec);
      await syncAddresses(run, spec.name, spec.addresses);
      await run('ip', ['link', 'set', 'dev', spec.name, ...(spec.mtu ? ['mtu', String(spec.mtu)] : []), 'up']);
      await syncRoutes(run, spec.name, spec.routes);
      return implementation;
    },
    async setFirewall(name, spec) {
      if (spec) await run('nft', ['-f', '-'], renderFirewall(name, spec));
      else await removeFirewall(name);
    },
    async setForwarding(name, on) {
      const value = on ? '1' : '0';
      await run('sysctl', ['-q', '-w', `net.ipv4.conf.${name}.forwarding=${value}`]);
      // IPv6 forwarding per interface is not on every kernel; IPv4 is what the isolation tests cover.
      await run('sysctl', ['-q', '-w', `net.ipv6.conf.${name}.forwarding=${value}`]).catch(() => undefined);
    },
    async down(name) {
      await removeFirewall(name);
      if (await exists(name)) {
        await run('ip', ['link', 'del', 'dev', name]).catch((err: unknown) => {
          if (!(err instanceof WireguardToolError && NO_DEVICE.test(err.detail))) throw err;
        });
      }
      await userspace.get(name)?.stop();
      userspace.delete(name);
      implementations.delete(name);
    },
    async dump(name) {
      try {
        const [device] = parseDump(await run('wg', ['show', name, 'dump']));
        return device ? { ...device, name } : null;
      } catch (err) {
        if (err instanceof WireguardToolError && NO_DEVICE.test(err.detail)) return null;
        throw err;
      }
    },
    async close() {
      await Promise.all([...userspace.values()].map((d) => d.stop()));
      userspace.clear();
    },
  };
}
