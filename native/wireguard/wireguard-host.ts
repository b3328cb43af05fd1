import { runTool, runWithSecretFile, WireguardToolError } from './command-runner.js';
import { parseDump, type DumpInterface } from './wg-dump.js';
import { renderDeviceConfig, type WgDeviceConfig } from './wg-conf.js';
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

  async function removeFirewall(name: string): Promise<void> {
    await run('nft', ['delete', 'table', 'inet', `outpost_${name}`]).catch(() => undefined);
  }

  return {
    netns,
    exists,
    async up(spec) {
      let implementation = implementations.get(spec.name);
      if (!(await exists(spec.name))) implementation = await create(spec.name);
      implementation ??= userspace.has(spec.name) ? 'wireguard-go' : 'kernel';
      implementations.set(spec.name, implementation);
      // syncconf keeps the sessions of unchanged peers, unlike setconf.
      await runWithSecretFile('wg', (path) => ['syncconf', spec.name, path], renderDeviceConfig(spec.device), {
        netns,
      });
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
