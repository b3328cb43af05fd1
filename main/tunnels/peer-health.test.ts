import { describe, expect, it } from 'vitest';
import { alertChange, createMinuteTally, healthOf } from './peer-health.js';

const reading = (handshakeAgoMs: number | null, rx = 0, tx = 0, now = 1_000_000) => ({
  publicKey: 'k',
  presharedKey: null,
  endpoint: '192.0.2.2:5000',
  allowedIps: [],
  latestHandshakeAt: handshakeAgoMs === null ? null : now - handshakeAgoMs,
  rxBytes: rx,
  txBytes: tx,
  persistentKeepalive: null,
});

describe('peer health', () => {
  it('is up within the stale threshold, stale after it, down without a handshake or a peer', () => {
    expect(healthOf(reading(10_000), 1_000_000, 180_000)).toMatchObject({ state: 'up', handshakeAgeSeconds: 10 });
    expect(healthOf(reading(181_000), 1_000_000, 180_000).state).toBe('stale');
    expect(healthOf(reading(null), 1_000_000, 180_000).state).toBe('down');
    expect(healthOf(undefined, 1_000_000, 180_000).state).toBe('down');
  });

  it('raises an alert when a tunnel goes stale and resolves it when it recovers or goes away', () => {
    expect(alertChange('up', 'stale')).toBe('raise');
    expect(alertChange(undefined, 'stale')).toBe('raise');
    expect(alertChange('stale', 'stale')).toBeNull();
    expect(alertChange('stale', 'up')).toBe('resolve');
    expect(alertChange('stale', 'down')).toBe('resolve');
    expect(alertChange('up', 'up')).toBeNull();
  });

  it('adds transfer up per minute, across a counter reset', () => {
    const tally = createMinuteTally();
    const h = (rx: number) => ({ ...healthOf(reading(1000, rx, rx * 2), 0, 180_000), state: 'up' as const });
    expect(tally.add('p', 60_000, h(100))).toBeNull();
    expect(tally.add('p', 90_000, h(400))).toBeNull();
    const first = tally.add('p', 120_000, h(50)); // the interface restarted: counters start again
    expect(first?.minute).toBe(60_000);
    expect(first?.rows.get('p')).toMatchObject({ rx: 300, tx: 600 });
    expect(tally.drain()?.rows.get('p')).toMatchObject({ rx: 50, tx: 100 });
  });
});
