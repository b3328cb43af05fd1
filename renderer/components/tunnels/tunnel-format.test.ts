import { describe, expect, it } from 'vitest';
import type { TunnelInterface, TunnelPeer } from '../../../main/contract/index.js';
import { expiryFromDateInput, formatBytes, handshakeAge, hubRotationProgress, peerNotes } from './tunnel-format.js';

const health = (at: number | null) => ({
  state: 'up' as const,
  latestHandshakeAt: at,
  handshakeAgeSeconds: null,
  rxBytes: 0,
  txBytes: 0,
  endpoint: null,
});

describe('tunnel formatting', () => {
  it('formats bytes in binary units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(250 * 1024 * 1024)).toBe('250 MiB');
  });

  it('says how long ago the handshake was, or never', () => {
    expect(handshakeAge(health(null), 1_000_000)).toBe('never');
    expect(handshakeAge(health(1_000_000 - 42_000), 1_000_000)).toBe('42 s ago');
    expect(handshakeAge(health(1_000_000 - 5 * 60_000), 1_000_000)).toBe('5 min ago');
  });

  it('reads a date input as the end of that day, and nothing from an empty one', () => {
    expect(new Date(expiryFromDateInput('2030-01-31')!).getDate()).toBe(31);
    expect(expiryFromDateInput('')).toBeNull();
  });

  it("says which peers are on the hub's new key during a hub key rotation, leaving out disabled ones", () => {
    const peer = (name: string, hubKeyMovedAt: number | null, enabled = true) =>
      ({ name, hubKeyMovedAt, enabled, expiresAt: null, rotationPendingSince: null }) as TunnelPeer;
    const iface = { peers: [peer('North', 5), peer('South', null), peer('Old', null, false)] } as TunnelInterface;
    expect(hubRotationProgress(iface)).toEqual({ moved: ['North'], waiting: ['South'], total: 2 });
    expect(peerNotes(peer('South', null), 0, true)).toEqual(["on the hub's old key"]);
    expect(peerNotes(peer('North', 5), 0, true)).toEqual(["on the hub's new key"]);
    expect(peerNotes(peer('North', null), 0, false)).toEqual([]);
  });
});
