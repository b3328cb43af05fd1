import { describe, expect, it, vi } from 'vitest';
import type { Home } from '../contract/index.js';
import { VISIT_GAP_MS } from './visits.js';
import { T0, useHomeCacheFixture } from './test-support/index.js';

const h = useHomeCacheFixture();
const { fx } = h;

describe('the Home cache, per tenant and per user', () => {
  it("never shows one tenant's sites or alerts to another, and a change in one leaves the other cached", async () => {
    const viewerA = h.user(fx.a, 'viewer@a.example', 'viewer');
    const viewerB = h.user(fx.b, 'viewer@b.example', 'viewer');
    const siteB = fx.siteB;
    const homeA = await h.cache.get(viewerA);
    const homeB = await h.cache.get(viewerB);
    const alertB = h.openAlert(siteB, 'b-only');
    h.publish(fx.b.tenantId, 'sitemap.status', h.status(siteB, [{ id: 'cam-b', status: 'offline' }]));
    await h.settled();

    const nowA = await h.cache.get(viewerA);
    expect(nowA).toBe(homeA);
    expect(nowA.sites.map((s) => s.id)).toEqual([fx.siteA.siteId]);
    expect(JSON.stringify(nowA)).not.toContain(alertB.id);
    expect(JSON.stringify(nowA)).not.toContain('cam-b');
    const nowB = await h.cache.get(viewerB);
    expect(nowB).not.toBe(homeB);
    expect(nowB.alerts.items.map((a) => a.id)).toEqual([alertB.id]);
    expect(nowB.offline.items.map((d) => d.id)).toEqual(['cam-b']);
  });

  it('keeps a Home per user: each has their own visit, and invalidating one leaves the other', async () => {
    const ann = h.user(fx.a, 'ann@a.example', 'viewer');
    const bob = h.user(fx.a, 'bob@a.example', 'viewer');
    const old = h.openAlert(fx.siteA, 'old');
    h.cache.markVisited(ann);
    await h.cache.get(bob);
    h.clock += VISIT_GAP_MS + 60_000;
    const fresh = h.openAlert(fx.siteA, 'fresh');

    // Ann comes back after a while: what opened since her last look is new to her; Bob never looked.
    const annHome = await h.cache.get(ann);
    expect(annHome.since).toBe(T0);
    expect(annHome.alerts.items.map((a) => [a.id, a.isNew])).toEqual([
      [fresh.id, true],
      [old.id, false],
    ]);
    const bobHome = await h.cache.get(bob);
    expect(bobHome.since).toBeNull();
    expect(bobHome.alerts.items.every((a) => !a.isNew)).toBe(true);

    expect(h.cache.invalidate(fx.a.tenantId, ann.userId)).toBe(1);
    expect(await h.cache.get(bob)).toBe(bobHome);
    await h.cache.get(ann);
    expect(h.stats(fx.a).missesByReason.cold).toBe(3);
    expect(h.cache.invalidate(fx.a.tenantId)).toBe(2);
  });

  it('makes a Home again when the user comes back for a new visit, and keeps the boundary across restarts', async () => {
    const ann = h.user(fx.a, 'ann@a.example', 'viewer');
    expect((await h.cache.get(ann)).since).toBeNull();
    expect(h.cache.markVisited(ann)).toEqual({ seenAt: T0, since: null });
    h.clock += 10 * 60_000;
    // Ten minutes later is the same visit.
    expect(h.cache.markVisited(ann)).toEqual({ seenAt: T0 + 600_000, since: null });
    h.clock += VISIT_GAP_MS;
    expect((await h.cache.get(ann)).since).toBe(T0 + 600_000);
    expect(h.stats(fx.a).missesByReason).toMatchObject({ visit: 1 });
    expect(fx.store.home.visit(fx.a, ann.userId)).toEqual({ seenAt: T0 + 600_000, since: null });
  });

  it('makes a Home again when the role changes', async () => {
    const session = h.user(fx.a, 'tech@a.example', 'viewer');
    expect((await h.cache.get(session)).tunnels).toBeNull();
    expect((await h.cache.get({ ...session, role: 'technician' })).tunnels).not.toBeNull();
    expect(h.stats(fx.a).missesByReason).toMatchObject({ role: 1 });
  });

  it('drops the least recently read Home beyond maxEntries, and reports hits, misses and age on /metrics', async () => {
    const users = Array.from({ length: 3 }, (_, i) => h.user(fx.a, `u${i}@a.example`, 'viewer'));
    for (const u of users) await h.cache.get(u);
    h.clock += 5_000;
    await h.cache.get(users[0]!);
    const text = await h.cache.metrics.registry.metrics();
    expect(text).toMatch(/^outpost_home_cache_hits_total 1$/m);
    expect(text).toMatch(/^outpost_home_cache_misses_total\{reason="cold"\} 3$/m);
    expect(text).toMatch(/^outpost_home_cache_entries 3$/m);
    expect(text).toMatch(/^outpost_home_cache_oldest_age_seconds 5$/m);
    expect(h.stats(fx.a)).toMatchObject({ oldestAgeMs: 5000, newestAgeMs: 5000, hitRate: 0.25 });
  });

  it('reads everything afresh after a change it could not apply, rather than serve a broken Home', async () => {
    const viewer = h.user(fx.a, 'viewer@a.example', 'viewer');
    const home: Home = await h.cache.get(viewer);
    const spy = vi.spyOn(fx.store.groups, 'get').mockImplementation(() => {
      throw new Error('disk I/O error');
    });
    h.publish(fx.a.tenantId, 'groups.spike', {
      groupId: '01J0000000000000000000GR00',
      siteId: fx.siteA.siteId,
      count: 9,
      expected: 1,
      score: 9,
      at: h.clock,
    });
    spy.mockRestore();
    const again = await h.cache.get(viewer);
    expect(again).not.toBe(home);
    expect(again.sites).toEqual(home.sites);
  });
});
