import { describe, expect, it } from 'vitest';
import { useHomeCacheFixture } from './test-support/index.js';

const h = useHomeCacheFixture();
const { fx } = h;

describe('the Home cache', () => {
  it('answers a second read from the cache, and the same answer', async () => {
    const viewer = h.user(fx.a, 'viewer@a.example', 'viewer');
    const first = await h.cache.get(viewer);
    const second = await h.cache.get(viewer);
    expect(second).toBe(first);
    expect(h.stats(fx.a)).toMatchObject({ hits: 1, misses: 1, missesByReason: { cold: 1 }, entries: 1 });
  });

  it('shows an alert once it opens, and ignores the same alert seen again', async () => {
    const viewer = h.user(fx.a, 'viewer@a.example', 'viewer');
    const site = fx.siteA;
    expect((await h.cache.get(viewer)).alerts.items).toEqual([]);

    const alert = h.openAlert(site, 'door');
    await h.settled();
    const home = await h.cache.get(viewer);
    expect(home.alerts.open.critical).toBe(1);
    expect(home.alerts.items).toMatchObject([{ id: alert.id, siteId: site.siteId, state: 'open', device: 'door-1' }]);
    // Made again in the background before the read, and open Homes were told.
    expect(h.stats(fx.a)).toMatchObject({ invalidations: 1, refreshes: 1 });
    expect(h.announced).toEqual([fx.a.tenantId]);

    const before = h.stats(fx.a);
    h.openAlert(site, 'door'); // a repeat: occurrences go up, Home shows none of that
    await h.settled();
    expect(await h.cache.get(viewer)).toBe(home);
    expect(h.stats(fx.a)).toMatchObject({ invalidations: before.invalidations, hits: before.hits + 1 });
  });

  it('moves an acknowledged alert out of the open counts, and drops a resolved one', async () => {
    const viewer = h.user(fx.a, 'viewer@a.example', 'viewer');
    const alert = h.openAlert(fx.siteA, 'door', 'warning');
    await h.cache.get(viewer);
    const acked = fx.store.alerts.acknowledge(fx.siteA, alert.id, 'op', h.clock);
    h.publish(fx.a.tenantId, 'alerts.changed', {
      alertId: alert.id,
      state: acked.state,
      title: '',
      severity: 'warning',
      created: false,
    });
    let home = await h.cache.get(viewer);
    expect(home.alerts).toMatchObject({ open: { warning: 0 }, acknowledged: 1, items: [{ state: 'acknowledged' }] });
    fx.store.alerts.resolve(fx.siteA, alert.id, 'op', null, h.clock);
    h.publish(fx.a.tenantId, 'alerts.changed', {
      alertId: alert.id,
      state: 'resolved',
      title: '',
      severity: 'warning',
      created: false,
    });
    home = await h.cache.get(viewer);
    expect(home.alerts).toMatchObject({ acknowledged: 0, items: [] });
  });

  it('makes one Home for readers of one user who miss together, and each Home once after a change', async () => {
    const viewer = h.user(fx.a, 'viewer@a.example', 'viewer');
    const [first, second] = await Promise.all([h.cache.get(viewer), h.cache.get(viewer)]);
    expect(second).toBe(first);
    const { group } = fx.store.groups.create(fx.siteA, { key: 'k', template: 'valve <*> stuck', at: h.clock });
    h.publish(fx.a.tenantId, 'groups.changed', { groupId: group.id, action: 'created' });
    // Read before the scheduled refresh: this reader's miss makes the tenant's Homes again at once,
    // and the scheduled refresh then has nothing left to make.
    const home = await h.cache.get(viewer);
    expect(home.groups.new).toMatchObject([{ id: group.id }]);
    const before = h.stats(fx.a).refreshes;
    await h.settled();
    expect(h.stats(fx.a).refreshes).toBe(before);
    expect(await h.cache.get(viewer)).toBe(home);
    // Open Homes are still told, so another tab asks again.
    expect(h.announced).toContain(fx.a.tenantId);
  });

  it("refreshes every user's Home at the first read after a change, so the next user's read is a hit", async () => {
    const ann = h.user(fx.a, 'ann@a.example', 'viewer');
    const bo = h.user(fx.a, 'bo@a.example', 'viewer');
    await h.cache.get(ann);
    await h.cache.get(bo);
    const { group } = fx.store.groups.create(fx.siteA, { key: 'k', template: 'gate <*> jammed', at: h.clock });
    h.publish(fx.a.tenantId, 'groups.changed', { groupId: group.id, action: 'created' });
    const before = h.stats(fx.a);
    expect((await h.cache.get(ann)).groups.new).toMatchObject([{ id: group.id }]);
    expect((await h.cache.get(bo)).groups.new).toMatchObject([{ id: group.id }]);
    expect(h.stats(fx.a)).toMatchObject({ misses: before.misses + 1, hits: before.hits + 1 });
  });

  it('lists a new group, not a group whose count went up', async () => {
    const viewer = h.user(fx.a, 'viewer@a.example', 'viewer');
    await h.cache.get(viewer);
    const { group } = fx.store.groups.create(fx.siteA, { key: 'k', template: 'pump <*> tripped', at: h.clock });
    h.publish(fx.a.tenantId, 'groups.changed', { groupId: group.id, action: 'created' });
    const home = await h.cache.get(viewer);
    expect(home.groups.new).toMatchObject([{ id: group.id, template: 'pump <*> tripped' }]);
    h.publish(fx.a.tenantId, 'groups.changed', { groupId: group.id, action: 'updated' });
    expect(await h.cache.get(viewer)).toBe(home);
  });

  it('shows a spike for spikeMinutes after its minute, then makes the answer again without it', async () => {
    const viewer = h.user(fx.a, 'viewer@a.example', 'viewer');
    const { group } = fx.store.groups.create(fx.siteA, { key: 'k', template: 'RTSP timeout from <*>', at: h.clock });
    await h.cache.get(viewer);
    h.publish(fx.a.tenantId, 'groups.spike', {
      groupId: group.id,
      siteId: fx.siteA.siteId,
      count: 60,
      expected: 1,
      score: 30,
      at: h.clock,
    });
    expect((await h.cache.get(viewer)).groups.spiking).toMatchObject([
      { groupId: group.id, template: 'RTSP timeout from <*>', count: 60 },
    ]);
    h.clock += 17 * 60_000;
    expect((await h.cache.get(viewer)).groups.spiking).toEqual([]);
    expect(h.stats(fx.a).missesByReason).toMatchObject({ expired: 1 });
  });

  it('lists offline devices and overlays in alarm from the live status, and only when they change', async () => {
    const viewer = h.user(fx.a, 'viewer@a.example', 'viewer');
    fx.store.sitemap.applyOverlayChanges(fx.siteA, {
      upserts: [
        { externalId: 'reefer', shapeId: null, label: 'Reefer 3', binding: { type: 'device', device: 'reefer-3' } },
      ],
      deletes: [],
    });
    await h.cache.get(viewer);
    const next = h.status(fx.siteA, [
      { id: 'cam-dock', status: 'offline' },
      { id: 'reefer-3', status: 'alarm' },
      { id: 'door-1', status: 'ok' },
    ]);
    h.publish(fx.a.tenantId, 'sitemap.status', next);
    const home = await h.cache.get(viewer);
    expect(home.offline).toMatchObject({ devices: 1, items: [{ id: 'cam-dock', siteId: fx.siteA.siteId }] });
    expect(home.overlays.alarm).toEqual([
      { siteId: fx.siteA.siteId, externalId: 'reefer', label: 'Reefer 3', target: 'reefer-3' },
    ]);
    const invalidations = h.stats(fx.a).invalidations;
    // The same offline and alarm entities, another ok one: nothing Home shows changed.
    h.publish(fx.a.tenantId, 'sitemap.status', h.status(fx.siteA, [...next.items, { id: 'door-2', status: 'ok' }]));
    expect(await h.cache.get(viewer)).toBe(home);
    expect(h.stats(fx.a).invalidations).toBe(invalidations);
  });

  it('lists failing sources, and notices that something sends events now', async () => {
    const viewer = h.user(fx.a, 'viewer@a.example', 'viewer');
    expect((await h.cache.get(viewer)).empty).toBe(true);
    const source = fx.store.sources.create(fx.siteA, { kind: 'webhook', name: 'Gate hook', config: {}, enabled: true });
    h.health.set(source.id, 'ok');
    h.publish(fx.a.tenantId, 'sources.health', { sourceId: source.id, state: 'ok' });
    expect(await h.cache.get(viewer)).toMatchObject({ empty: false, sources: { failing: [] } });
    h.health.set(source.id, 'down');
    h.publish(fx.a.tenantId, 'sources.health', { sourceId: source.id, state: 'down' });
    expect((await h.cache.get(viewer)).sources.failing).toEqual([
      { id: source.id, siteId: fx.siteA.siteId, name: 'Gate hook', state: 'down' },
    ]);
  });

  it('shows tunnel state to operators and above, after tunnels change', async () => {
    const viewer = h.user(fx.a, 'viewer@a.example', 'viewer');
    const operator = h.user(fx.a, 'operator@a.example', 'operator');
    expect((await h.cache.get(operator)).tunnels).toEqual({ up: 0, stale: 0, down: 0, items: [] });
    h.peers = [{ state: 'up' }, { state: 'stale' }];
    h.publish(fx.a.tenantId, 'tunnels.changed', {
      interfaceId: '01J0000000000000000000AF00',
      peerId: null,
      action: 'state',
    });
    expect(await h.cache.get(operator)).toMatchObject({ tunnels: { up: 1, stale: 1, items: [{ state: 'stale' }] } });
    expect((await h.cache.get(viewer)).tunnels).toBeNull();
  });

  it('follows sites created and removed', async () => {
    const viewer = h.user(fx.a, 'viewer@a.example', 'viewer');
    await h.cache.get(viewer);
    const site = fx.store.sites.create(fx.a, { name: 'Harbour', slug: 'harbour', timezone: 'UTC', address: '' });
    h.publish(fx.a.tenantId, 'sites.changed', { siteId: site.id, action: 'created' });
    expect((await h.cache.get(viewer)).sites.map((s) => s.name)).toContain('Harbour');
    fx.store.siteRemoval.remove({ tenantId: fx.a.tenantId, siteId: site.id });
    h.publish(fx.a.tenantId, 'sites.changed', { siteId: site.id, action: 'deleted' });
    expect((await h.cache.get(viewer)).sites.map((s) => s.name)).not.toContain('Harbour');
  });

  it('shows the sync state the sync slice reports, and ignores a report that changes nothing', async () => {
    const viewer = h.user(fx.a, 'viewer@a.example', 'viewer');
    expect((await h.cache.get(viewer)).sync).toBeNull();
    const report = {
      siteId: fx.siteA.siteId,
      state: 'failing' as const,
      pendingRecords: 12,
      lastSyncAt: null,
      error: 'hub unreachable',
      at: h.clock,
    };
    h.publish(fx.a.tenantId, 'sync.state', report);
    const home = await h.cache.get(viewer);
    expect(home.sync).toEqual({ sites: [report] });
    h.publish(fx.a.tenantId, 'sync.state', { ...report, pendingRecords: 13, at: h.clock + 1 });
    expect(await h.cache.get(viewer)).toBe(home);
  });
});
