import type { PeerHealth, PeerState } from '../contract/index.js';
import type { Scope, TunnelInterfaceRow, TunnelMinuteRow, TunnelPeerRow } from '../store/index.js';
import type { DumpPeer } from '../../native/wireguard/index.js';
import { deviceNames, hubRotating } from './hub-devices.js';
import { alertChange, createMinuteTally, healthOf } from './peer-health.js';
import { isActive } from './tunnel-specs.js';
import type { TunnelRuntime } from './tunnel-runtime.js';
import type { TunnelsDeps } from './tunnels-deps.js';

const FAST_POLL_MS = 250;
const HOURLY_MS = 3_600_000;

export interface MonitorHooks {
  /** The peer shook hands with the key it is rotating to: retire the old one. */
  rotationSeen(scope: Scope, peer: TunnelPeerRow): Promise<void>;
  /** The peer shook hands on the hub's new key (a hub key rotation): move its route there. */
  hubPeerSeen(scope: Scope, iface: TunnelInterfaceRow, peer: TunnelPeerRow): Promise<void>;
  /** No active peer of a rotating hub waits on the old key any more: retire it. */
  hubRotationComplete(scope: Scope, iface: TunnelInterfaceRow): Promise<void>;
  /** An enabled peer passed its expiry date while still on the interface. */
  expired(scope: Scope, iface: TunnelInterfaceRow): Promise<void>;
  /** Hourly: rotate keys that are due. */
  hourly(): Promise<void>;
}

/**
 * Reads every running interface (`wg show dump`) every `pollSeconds` — four times a second while a
 * key rotation waits for its handshake, so the old key retires within one poll of the new
 * handshake — and turns the readings into health, `tunnels.changed` on state changes, "tunnel
 * stale" alerts (resolved on recovery), 1-minute rollups in the store, and rotation completion.
 */
export function createHealthMonitor(deps: TunnelsDeps, runtime: TunnelRuntime, hooks: MonitorHooks) {
  const { store, host, bus, alerts, config, log } = deps;
  const health = new Map<string, PeerHealth>();
  const states = new Map<string, PeerState>();
  const tally = createMinuteTally();
  let timer: NodeJS.Timeout | undefined;
  let hourly: NodeJS.Timeout | undefined;
  let stopped = false;
  let polling: Promise<void> | undefined;
  let fast = false;

  const writeRows = (finished: ReturnType<typeof tally.drain>, tenantOf: Map<string, string>) => {
    if (!finished || finished.rows.size === 0) return;
    const rows: TunnelMinuteRow[] = [];
    for (const [peerId, r] of finished.rows) {
      const tenantId = tenantOf.get(peerId);
      if (tenantId)
        rows.push({
          peerId,
          tenantId,
          minute: finished.minute,
          rxBytes: r.rx,
          txBytes: r.tx,
          state: r.state,
          handshakeAt: r.handshakeAt,
        });
    }
    store.tunnels.writeMinutes(rows);
  };
  const tenantOf = new Map<string, string>();

  function transition(scope: Scope, iface: TunnelInterfaceRow, peer: TunnelPeerRow, next: PeerState): void {
    const previous = states.get(peer.id);
    states.set(peer.id, next);
    if (previous === next) return;
    const siteScope = { tenantId: scope.tenantId, siteId: peer.siteId ?? iface.siteId };
    const dedupeKey = `tunnel-stale:${peer.id}`;
    const change = alertChange(previous, next);
    try {
      if (change === 'raise') {
        alerts.raise(siteScope, {
          ruleId: peer.id,
          dedupeKey,
          title: `Tunnel to ${peer.name} is stale`,
          detail: `No WireGuard handshake with ${peer.name} on ${iface.name} for over ${config.staleAfterSeconds} s.`,
          severity: 'warning',
        });
      } else if (change === 'resolve') {
        alerts.resolve(
          siteScope,
          dedupeKey,
          next === 'up' ? 'The tunnel is up again.' : 'The peer is no longer on the interface.',
        );
      }
    } catch (err) {
      log.error({ err: String(err), peerId: peer.id }, 'Could not raise or resolve a tunnel alert');
    }
    if (previous !== undefined)
      bus.publish(scope.tenantId, 'tunnels.changed', { interfaceId: iface.id, peerId: peer.id, action: 'state' });
  }

  async function readings(name: string, iface: TunnelInterfaceRow, scope: Scope) {
    const dump = await host.dump(name);
    if (!dump && iface.enabled) {
      // wireguard-go ended or someone deleted the device: bring it back.
      log.warn({ interface: name }, 'A tunnel interface disappeared; bringing it up again');
      await runtime.apply(scope, iface.id);
    }
    return new Map((dump?.peers ?? []).map((p) => [p.publicKey, p]));
  }

  async function pollInterface(scope: Scope, iface: TunnelInterfaceRow): Promise<boolean> {
    const peers = store.tunnels.listPeers(scope, iface.id);
    const now = deps.now();
    let pending = false;
    const { running, rotationRunning } = runtime.state(iface.id);
    const names = deviceNames(iface);
    const rotating = hubRotating(iface);
    const none = new Map<string, DumpPeer>();
    const byKey = running ? await readings(names.current, iface, scope) : none;
    const onNew = running && rotating && rotationRunning ? await readings(names.next, iface, scope) : none;
    // Handshake times have whole seconds; one in the second the rotation started counts.
    const since = (at: number) => Math.floor(at / 1000) * 1000;
    const shookHands = (key: string | null, at: number) =>
      key !== null && [byKey, onNew].some((m) => (m.get(key)?.latestHandshakeAt ?? 0) >= since(at));
    let waiting = 0;
    for (const peer of peers) {
      tenantOf.set(peer.id, scope.tenantId);
      const reading = (peer.hubMovedAt !== null ? onNew : byKey).get(peer.publicKey);
      const h = healthOf(reading, now, config.staleAfterSeconds * 1000);
      health.set(peer.id, h);
      const finished = tally.add(peer.id, now, h);
      writeRows(finished, tenantOf);
      transition(scope, iface, peer, h.state);
      if (peer.pendingPublicKey && peer.pendingSince !== null) {
        pending = true;
        if (shookHands(peer.pendingPublicKey, peer.pendingSince)) await hooks.rotationSeen(scope, peer);
      }
      if (rotating && peer.hubMovedAt === null && isActive(peer, now)) {
        const seen = [peer.publicKey, peer.pendingPublicKey].some(
          (key) => key !== null && (onNew.get(key)?.latestHandshakeAt ?? 0) >= since(iface.pendingSince!),
        );
        if (seen) await hooks.hubPeerSeen(scope, iface, peer);
        else waiting += 1;
      }
      if (reading && peer.enabled && peer.expiresAt !== null && peer.expiresAt <= now)
        await hooks.expired(scope, iface);
    }
    if (rotating && running && waiting === 0) await hooks.hubRotationComplete(scope, iface);
    return pending || (rotating && waiting > 0);
  }

  async function poll(): Promise<void> {
    let pending = false;
    for (const tenant of store.tenants.list()) {
      const scope = { tenantId: tenant.id };
      for (const iface of store.tunnels.listInterfaces(scope)) {
        try {
          pending = (await pollInterface(scope, iface)) || pending;
        } catch (err) {
          log.warn({ interface: iface.name, err: String(err) }, 'Could not read a tunnel interface');
        }
      }
    }
    fast = pending;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(
      () => {
        polling = poll().finally(() => {
          polling = undefined;
          schedule();
        });
      },
      fast ? FAST_POLL_MS : config.pollSeconds * 1000,
    );
    timer.unref();
  }

  return {
    health: (peerId: string) => health.get(peerId),
    start() {
      schedule();
      hourly = setInterval(() => {
        void hooks.hourly().catch((err: unknown) => log.error({ err: String(err) }, 'Hourly tunnel work failed'));
      }, HOURLY_MS);
      hourly.unref();
    },
    /** Reads now (after a change, and from tests) instead of waiting for the next tick. */
    async pollNow(): Promise<void> {
      if (polling) await polling;
      await poll();
    },
    /** A rotation started: poll fast until it completes. */
    expectHandshake() {
      fast = true;
      if (timer && !polling) {
        clearTimeout(timer);
        schedule();
      }
    },
    forget(peerId: string) {
      health.delete(peerId);
      states.delete(peerId);
      tally.forget(peerId);
    },
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      clearInterval(hourly);
      if (polling) await polling.catch(() => undefined);
      try {
        writeRows(tally.drain(), tenantOf);
      } catch (err) {
        log.warn({ err: String(err) }, 'Could not save the last minute of tunnel transfer');
      }
    },
  };
}

export type HealthMonitor = ReturnType<typeof createHealthMonitor>;
