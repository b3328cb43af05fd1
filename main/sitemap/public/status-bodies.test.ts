import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { PublicStatus } from '../../contract/index.js';
import { StatusBodies } from './status-bodies.js';

const status = (items: PublicStatus['items'], ageMs = 1500): PublicStatus => ({
  site: { slug: 'north-yard', name: 'North yard — "Ünïcode" site' },
  env: 'production',
  version: 3,
  updatedAt: 1_700_000_000_000,
  ageMs,
  stale: false,
  error: null,
  items,
  legend: [{ status: 'ok', label: 'OK', color: '#2e7d32', text: '#ffffff' }],
});

const manyItems = Array.from({ length: 5000 }, (_, i) => ({
  externalId: `door-${i}`,
  status: i % 7 === 0 ? 'offline' : 'ok',
}));

describe('StatusBodies', () => {
  it('renders the same JSON as JSON.stringify would (items last), plain and gzipped', () => {
    const bodies = new StatusBodies();
    for (const items of [manyItems, [], [{ externalId: 'a', status: 'unknown' }]]) {
      const answer = status(items);
      const plain = bodies.render(answer, false);
      expect(JSON.parse(plain.toString('utf8'))).toEqual(answer);
      const gzipped = bodies.render(answer, true);
      expect(gunzipSync(gzipped).equals(plain)).toBe(true);
    }
  });

  it('reuses the items of the same list but never the fields around it', () => {
    const bodies = new StatusBodies();
    const first = JSON.parse(gunzipSync(bodies.render(status(manyItems, 10), true)).toString('utf8')) as PublicStatus;
    const later = JSON.parse(gunzipSync(bodies.render(status(manyItems, 20), true)).toString('utf8')) as PublicStatus;
    expect([first.ageMs, later.ageMs]).toEqual([10, 20]);
    expect(later.items).toEqual(manyItems);
    // A new list (the status changed) is rendered anew.
    const changed = manyItems.map((item) => ({ ...item, status: 'alarm' }));
    const next = JSON.parse(bodies.render(status(changed), false).toString('utf8')) as PublicStatus;
    expect(next.items[0]!.status).toBe('alarm');
  });

  it('compresses a large site about tenfold', () => {
    const bodies = new StatusBodies();
    const answer = status(manyItems);
    expect(bodies.render(answer, true).length * 10).toBeLessThan(bodies.render(answer, false).length);
  });
});
