import type { PeerHealth, TunnelInterface, TunnelPeer } from '../../../main/contract/index.js';

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** 1536 → "1.5 KiB". */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${UNITS[unit]}`;
}

/** Handshake age in words, counted on from the reading so it stays right between refreshes. */
export function handshakeAge(health: PeerHealth, now: number): string {
  if (health.latestHandshakeAt === null) return 'never';
  const seconds = Math.max(0, Math.round((now - health.latestHandshakeAt) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86_400)} d ago`;
}

export const STATE_LABELS: Record<PeerHealth['state'], { label: string; tone: string }> = {
  up: { label: 'Up', tone: 'ok' },
  stale: { label: 'Stale', tone: 'warn' },
  down: { label: 'Down', tone: 'high' },
};

/** What the peer row says about the peer's own settings (disabled, expiry, a rotation waiting, which hub key). */
export function peerNotes(peer: TunnelPeer, now: number, hubRotating = false): string[] {
  const notes: string[] = [];
  if (!peer.enabled) notes.push('disabled');
  if (peer.expiresAt !== null)
    notes.push(peer.expiresAt <= now ? 'expired' : `expires ${new Date(peer.expiresAt).toLocaleDateString()}`);
  if (peer.rotationPendingSince !== null) notes.push('new key waiting for the site');
  if (hubRotating) notes.push(peer.hubKeyMovedAt === null ? "on the hub's old key" : "on the hub's new key");
  return notes;
}

/** During a hub key rotation: the names of the peers on the new key and of those still waiting (active ones). */
export function hubRotationProgress(iface: TunnelInterface): { moved: string[]; waiting: string[]; total: number } {
  const active = iface.peers.filter((p) => p.enabled);
  const moved = active.filter((p) => p.hubKeyMovedAt !== null).map((p) => p.name);
  const waiting = active.filter((p) => p.hubKeyMovedAt === null).map((p) => p.name);
  return { moved, waiting, total: active.length };
}

/** `yyyy-mm-dd` from a date input, as the end of that day in local time; null when empty. */
export function expiryFromDateInput(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d, 23, 59, 59).getTime();
}
