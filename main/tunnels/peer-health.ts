import type { PeerHealth, PeerState } from '../contract/index.js';
import type { DumpPeer } from '../../native/wireguard/index.js';

/** A peer never heard from, or not on a running interface. */
export const NO_HEALTH: PeerHealth = {
  state: 'down',
  latestHandshakeAt: null,
  handshakeAgeSeconds: null,
  rxBytes: 0,
  txBytes: 0,
  endpoint: null,
};

/**
 * up: a handshake within `staleAfterMs`; stale: only an older one (WireGuard renews a live
 * session's handshake every 2 minutes, and sites send keepalives, so 3 minutes without one means
 * the tunnel carries nothing); down: never a handshake, or the peer is not on the interface.
 */
export function healthOf(peer: DumpPeer | undefined, now: number, staleAfterMs: number): PeerHealth {
  if (!peer)
    return {
      state: 'down',
      latestHandshakeAt: null,
      handshakeAgeSeconds: null,
      rxBytes: 0,
      txBytes: 0,
      endpoint: null,
    };
  const at = peer.latestHandshakeAt;
  const age = at === null ? null : Math.max(0, Math.floor((now - at) / 1000));
  const state: PeerState = at === null ? 'down' : now - at > staleAfterMs ? 'stale' : 'up';
  return {
    state,
    latestHandshakeAt: at,
    handshakeAgeSeconds: age,
    rxBytes: peer.rxBytes,
    txBytes: peer.txBytes,
    endpoint: peer.endpoint,
  };
}

/** What a state change means for the peer's "tunnel stale" alert. */
export function alertChange(previous: PeerState | undefined, next: PeerState): 'raise' | 'resolve' | null {
  if (next === 'stale' && previous !== 'stale') return 'raise';
  if (next !== 'stale' && previous !== next) return 'resolve';
  return null;
}

/** Adds up transfer per minute from successive counter readings (counters restart when an interface does). */
export function createMinuteTally() {
  const last = new Map<string, { rx: number; tx: number }>();
  let minute: number | null = null;
  let bucket = new Map<string, { rx: number; tx: number; state: PeerState; handshakeAt: number | null }>();

  return {
    /** Records a reading; answers the finished minute's figures when `now` is in a new minute. */
    add(peerId: string, now: number, health: PeerHealth) {
      const m = Math.floor(now / 60_000) * 60_000;
      let finished: {
        minute: number;
        rows: Map<string, { rx: number; tx: number; state: PeerState; handshakeAt: number | null }>;
      } | null = null;
      if (minute !== null && m !== minute) {
        finished = { minute, rows: bucket };
        bucket = new Map();
      }
      minute = m;
      const prev = last.get(peerId);
      const rx = prev && health.rxBytes >= prev.rx ? health.rxBytes - prev.rx : prev ? health.rxBytes : 0;
      const tx = prev && health.txBytes >= prev.tx ? health.txBytes - prev.tx : prev ? health.txBytes : 0;
      last.set(peerId, { rx: health.rxBytes, tx: health.txBytes });
      const row = bucket.get(peerId) ?? { rx: 0, tx: 0, state: health.state, handshakeAt: null };
      row.rx += rx;
      row.tx += tx;
      row.state = health.state;
      row.handshakeAt = health.latestHandshakeAt;
      bucket.set(peerId, row);
      return finished;
    },
    /** The minute in progress (written on shutdown). */
    drain() {
      const out = minute === null ? null : { minute, rows: bucket };
      bucket = new Map();
      return out;
    },
    forget(peerId: string) {
      last.delete(peerId);
    },
  };
}
