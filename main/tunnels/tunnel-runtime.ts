import { WireguardToolError, type Implementation } from '../../native/wireguard/index.js';
import type { Scope, TunnelInterfaceRow } from '../store/index.js';
import type { TunnelsDeps } from './tunnels-deps.js';
import { deviceSpecFor, firewallFor } from './tunnel-specs.js';

export interface RuntimeState {
  running: boolean;
  implementation: Implementation | null;
  lastError: string | null;
  firewall: 'enforced' | 'not-enforced' | 'not-applicable';
}

const IDLE: RuntimeState = { running: false, implementation: null, lastError: null, firewall: 'not-applicable' };

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
    const spec = deviceSpecFor(iface, peers, (s) => secrets.open(s), now);
    const state: RuntimeState = { ...IDLE };
    try {
      state.implementation = await host.up(spec);
      state.running = true;
    } catch (err) {
      state.lastError = sentence(err);
      log.warn(
        { interface: iface.name, err: err instanceof WireguardToolError ? err.detail : String(err) },
        'Tunnel interface could not be brought up',
      );
      return state;
    }
    if (iface.role === 'hub') {
      const grants = store.tunnels.listGrants(scope, iface.id);
      try {
        await host.setFirewall(iface.name, firewallFor(peers, grants, now));
        state.firewall = 'enforced';
      } catch (err) {
        state.firewall = 'not-enforced';
        state.lastError = `Site isolation is not enforced on the hub: ${sentence(err)}`;
      }
      // Forwarding only behind the firewall, and only when some sites may reach each other.
      const forward = state.firewall === 'enforced' && grants.length > 0;
      await host.setForwarding(iface.name, forward).catch((err: unknown) => {
        if (forward) state.lastError = `Sites cannot reach each other through the hub: ${sentence(err)}`;
      });
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
          await host.down(iface.name).catch((err: unknown) => (state.lastError = sentence(err)));
        }
        states.set(id, state);
        return state;
      });
    },
    /** Takes an interface down by name (it may already be gone from the store). */
    remove(id: string, name: string): Promise<void> {
      return serial(id, async () => {
        await host.down(name);
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
