import { WireguardToolError, type Implementation } from '../../native/wireguard/index.js';
import type { Scope, TunnelInterfaceRow } from '../store/index.js';
import type { TunnelsDeps } from './tunnels-deps.js';
import { deviceNames, deviceSpecsFor, firewallsFor } from './hub-devices.js';
import { firewallFor } from './tunnel-specs.js';

export interface RuntimeState {
  running: boolean;
  implementation: Implementation | null;
  lastError: string | null;
  firewall: 'enforced' | 'not-enforced' | 'not-applicable';
  /** A hub key rotation's second device is up. */
  rotationRunning: boolean;
}

const IDLE: RuntimeState = {
  running: false,
  implementation: null,
  lastError: null,
  firewall: 'not-applicable',
  rotationRunning: false,
};

/** One sentence for the user; the tool's own output goes to the log only. */
function sentence(err: unknown): string {
  if (err instanceof WireguardToolError) return err.message;
  return err instanceof Error ? err.message : String(err);
}

/**
 * Makes the host's interfaces match the store, one interface at a time (changes to the same
 * interface queue behind each other), and remembers how each went. A failure is kept as the
 * interface's `lastError`, never thrown at the caller: the store already holds what was wanted.
 */
export function createTunnelRuntime(deps: TunnelsDeps) {
  const { store, host, secrets, log } = deps;
  const states = new Map<string, RuntimeState>();
  const queues = new Map<string, Promise<unknown>>();

  function serial<T>(id: string, work: () => Promise<T>): Promise<T> {
    const previous = queues.get(id) ?? Promise.resolve();
    const next = previous.then(work, work);
    queues.set(
      id,
      next.catch(() => undefined),
    );
    return next;
  }

  async function bringUp(scope: Scope, iface: TunnelInterfaceRow): Promise<RuntimeState> {
    const now = deps.now();
    const peers = store.tunnels.listPeers(scope, iface.id);
    const specs = deviceSpecsFor(iface, peers, (s) => secrets.open(s), now);
    const state: RuntimeState = { ...IDLE };
    if (iface.role === 'hub' && specs.length === 1) {
      // No rotation (or one just finished): the other device goes first, so that its routes never
      // shadow the current one's while both exist. Absent is fine.
      await host.down(deviceNames(iface).next).catch((err: unknown) => (state.lastError = sentence(err)));
    }
    for (const [i, spec] of specs.entries()) {
      try {
        const implementation = await host.up(spec);
        if (i === 0) Object.assign(state, { implementation, running: true });
        else state.rotationRunning = true;
      } catch (err) {
        log.warn(
          { interface: spec.name, err: err instanceof WireguardToolError ? err.detail : String(err) },
          'Tunnel interface could not be brought up',
        );
        if (i === 0) return { ...state, lastError: sentence(err) };
        state.lastError = `The new hub key's interface ${spec.name} is not up: ${sentence(err)}`;
      }
    }
    if (iface.role === 'hub') {
      const grants = store.tunnels.listGrants(scope, iface.id);
      const devices = specs.map((s) => s.name);
      try {
        for (const [device, rules] of firewallsFor(devices, firewallFor(peers, grants, now))) {
          await host.setFirewall(device, rules);
        }
        state.firewall = 'enforced';
      } catch (err) {
        state.firewall = 'not-enforced';
        state.lastError = `Site isolation is not enforced on the hub: ${sentence(err)}`;
      }
      // Forwarding only behind the firewall, and only when some sites may reach each other.
      const forward = state.firewall === 'enforced' && grants.length > 0;
      for (const device of devices) {
        await host.setForwarding(device, forward).catch((err: unknown) => {
          if (forward) state.lastError = `Sites cannot reach each other through the hub: ${sentence(err)}`;
        });
      }
    }
    return state;
  }

  return {
    state: (id: string): RuntimeState => states.get(id) ?? IDLE,
    /** Brings the interface to what the store says (up and configured, or down). */
    apply(scope: Scope, id: string): Promise<RuntimeState> {
      return serial(id, async () => {
        const iface = store.tunnels.getInterface(scope, id);
        let state: RuntimeState;
        if (!iface) state = IDLE;
        else if (iface.enabled) state = await bringUp(scope, iface);
        else {
          state = { ...IDLE };
          for (const name of Object.values(deviceNames(iface))) {
            await host.down(name).catch((err: unknown) => (state.lastError = sentence(err)));
          }
        }
        states.set(id, state);
        return state;
      });
    },
    /** Takes an interface's devices down by name (it may already be gone from the store). */
    remove(id: string, names: readonly string[]): Promise<void> {
      return serial(id, async () => {
        for (const name of names) await host.down(name);
        states.delete(id);
      });
    },
    async close(): Promise<void> {
      await Promise.allSettled([...queues.values()]);
      await host.close();
    },
  };
}

export type TunnelRuntime = ReturnType<typeof createTunnelRuntime>;
