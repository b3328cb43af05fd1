import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Home, PeerState, Role, SiteStatus, TopicName, TopicPayload } from '../contract/index.js';
import { createEventBus, createLogger } from '../core/index.js';
import type { EventBus, Session } from '../core/slice-kit/index.js';
import { useTwoTenantStore } from '../store/test-support/index.js';
import type { Scope, SiteScope } from '../store/index.js';
import { createHomeCache, homeWatchingBus, type HomeCache } from './index.js';
import type { TunnelStatusItem } from './home-types.js';
import { VISIT_GAP_MS } from './visits.js';

const T0 = Date.UTC(2025, 5, 2, 8, 0);
const fx = useTwoTenantStore('home-cache');

/**
 * A Home cache over a real store and a real event bus. The collaborators Home only reads through
 * narrow functions (live site status, source health, tunnel peers) are driven by the test.
 */
describe('the Home cache', () => {
  let clock: number;
  let bus: EventBus;
  let cache: HomeCache;
  let statuses: Map<string, SiteStatus>;
  let health: Map<string, 'ok' | 'degraded' | 'down' | 'stopped'>;
  let peers: { state: PeerState }[];
  let announced: string[];
  let ruleId: string;

  const user = (scope: Scope, email: string, role: Role): Session => {
    const row = fx.store.users.create(scope, { email, name: '', role, passwordHash: 'x' });
    return {
      sessionId: 'S',
      userId: row.id,
      tenantId: scope.tenantId,
      email,
      role,
      installationAdmin: false,
      expiresAt: T0 + 3_600_000,
    };
  };
  const publish = <T extends TopicName>(tenantId: string, topic: T, payload: TopicPayload<T>) =>
    bus.publish(tenantId, topic, payload);
  const status = (site: SiteScope, items: { id: string; status: string }[]): SiteStatus => ({
    siteId: site.siteId,
    integration: 'internal',
    items: items.map((i) => ({ ...i, raw: i.status })),
    unmapped: [],
    updatedAt: clock,
    stale: false,
    error: null,
  });
  const openAlert = (site: SiteScope, key: string, severity: 'info' | 'warning' | 'critical' = 'critical') => {
    const { alert, created } = fx.store.alerts.openOrTouch(site, {
      ruleId,
      dedupeKey: key,
      title: `Alert ${key}`,
      detail: '',
      severity,
      device: 'door-1',
      at: clock,
    });
    publish(site.tenantId, 'alerts.changed', {
      alertId: alert.id,
      state: alert.state,
      title: alert.title,
      severity: alert.severity,
      created,
      siteId: site.siteId,
    });
    return alert;
  };
  const stats = (scope: Scope) => cache.stats(scope.tenantId);
  /** Waits for the background refresh after a change (its delay is 0 here). */
  const settled = () => new Promise((resolve) => setTimeout(resolve, 20));

  beforeEach(() => {
    clock = T0;
    statuses = new Map();
    health = new Map();
    peers = [];
    announced = [];
    const logger = createLogger({ log: { level: 'silent' } });
    // The cache reads the bus it is fed by: `cache` of this test, assigned below.
    bus = homeWatchingBus(createEventBus(logger), (tenantId, topic, payload) =>
      cache?.changed(tenantId, topic, payload),
    );
    void fx.siteA;
    void fx.siteB;
    ruleId = fx.store.alertRules.create(fx.a, {
      name: 'Critical',
      type: 'severity',
      atLeast: 'critical',
      severity: 'critical',
      enabled: true,
      siteId: null,
    }).id;
    cache = createHomeCache({
      store: fx.store,
      siteStatus: async (scope) => statuses.get(scope.siteId) ?? status(scope, []),
      sourceHealth: (id) => {
        const state = health.get(id);
        return state ? { state } : undefined;
      },
      tunnels: (): { items: TunnelStatusItem[] } => ({
        items: [
          {
            interfaceId: '01J0000000000000000000AF00',
            peers: peers.map((p, i) => ({
              peerId: `01J00000000000000000000P0${i}`,
              name: `Peer ${i}`,
              siteId: null,
              state: p.state,
              handshakeAgeSeconds: null,
            })),
          },
        ],
      }),
      announce: (tenantId) => announced.push(tenantId),
      config: { idleMinutes: 30, maxEntries: 100, refreshDelayMs: 0, spikeMinutes: 15 },
      now: () => clock,
      logger,
    });
  });
  afterEach(() => cache?.close());

  it('answers a second read from the cache, and the same answer', async () => {
    const viewer = user(fx.a, 'viewer@a.example', 'viewer');
    const first = await cache.get(viewer);
    const second = await cache.get(viewer);
    expect(second).toBe(first);
    expect(stats(fx.a)).toMatchObject({ hits: 1, misses: 1, missesByReason: { cold: 1 }, entries: 1 });
  });

  it('shows an alert once it opens, and ignores the same alert seen again', async () => {
    const viewer = user(fx.a, 'viewer@a.example', 'viewer');
    const site = fx.siteA;
    expect((await cache.get(viewer)).alerts.items).toEqual([]);

    const alert = openAlert(site, 'door');
    await settled();
    const home = await cache.get(viewer);
    expect(home.alerts.open.critical).toBe(1);
    expect(home.alerts.items).toMatchObject([{ id: alert.id, siteId: site.siteId, state: 'open', device: 'door-1' }]);
    // Made again in the background before the read, and open Homes were told.
    expect(stats(fx.a)).toMatchObject({ invalidations: 1, refreshes: 1 });
    expect(announced).toEqual([fx.a.tenantId]);

    const before = stats(fx.a);
    openAlert(site, 'door'); // a repeat: occurrences go up, Home shows none of that
    await settled();
    expect(await cache.get(viewer)).toBe(home);
    expect(stats(fx.a)).toMatchObject({ invalidations: before.invalidations, hits: before.hits + 1 });
  });

  it('moves an acknowledged alert out of the open counts, and drops a resolved one', async () => {
    const viewer = user(fx.a, 'viewer@a.example', 'viewer');
    const alert = openAlert(fx.siteA, 'door', 'warning');
    await cache.get(viewer);
    const acked = fx.store.alerts.acknowledge(fx.siteA, alert.id, 'op', clock);
    publish(fx.a.tenantId, 'alerts.changed', {
      alertId: alert.id,
      state: acked.state,
      title: '',
      severity: 'warning',
      created: false,
    });
    let home = await cache.get(viewer);
    expect(home.alerts).toMatchObject({ open: { warning: 0 }, acknowledged: 1, items: [{ state: 'acknowledged' }] });
    fx.store.alerts.resolve(fx.siteA, alert.id, 'op', null, clock);
    publish(fx.a.tenantId, 'alerts.changed', {
      alertId: alert.id,
      state: 'resolved',
      title: '',
      severity: 'warning',
      created: false,
    });
    home = await cache.get(viewer);
    expect(home.alerts).toMatchObject({ acknowledged: 0, items: [] });
  });

  it('makes one Home for readers of one user who miss together, and each Home once after a change', async () => {
    const viewer = user(fx.a, 'viewer@a.example', 'viewer');
    const [first, second] = await Promise.all([cache.get(viewer), cache.get(viewer)]);
    expect(second).toBe(first);
    const { group } = fx.store.groups.create(fx.siteA, { key: 'k', template: 'valve <*> stuck', at: clock });
    publish(fx.a.tenantId, 'groups.changed', { groupId: group.id, action: 'created' });
    // Read before the scheduled refresh: this reader's miss makes the tenant's Homes again at once,
    // and the scheduled refresh then has nothing left to make.
    const home = await cache.get(viewer);
    expect(home.groups.new).toMatchObject([{ id: group.id }]);
    const before = stats(fx.a).refreshes;
    await settled();
    expect(stats(fx.a).refreshes).toBe(before);
    expect(await cache.get(viewer)).toBe(home);
    // Open Homes are still told, so another tab asks again.
    expect(announced).toContain(fx.a.tenantId);
  });

  it("refreshes every user's Home at the first read after a change, so the next user's read is a hit", async () => {
    const ann = user(fx.a, 'ann@a.example', 'viewer');
    const bo = user(fx.a, 'bo@a.example', 'viewer');
    await cache.get(ann);
    await cache.get(bo);
    const { group } = fx.store.groups.create(fx.siteA, { key: 'k', template: 'gate <*> jammed', at: clock });
    publish(fx.a.tenantId, 'groups.changed', { groupId: group.id, action: 'created' });
    const before = stats(fx.a);
    expect((await cache.get(ann)).groups.new).toMatchObject([{ id: group.id }]);
    expect((await cache.get(bo)).groups.new).toMatchObject([{ id: group.id }]);
    expect(stats(fx.a)).toMatchObject({ misses: before.misses + 1, hits: before.hits + 1 });
  });

  it('lists a new group, not a group whose count went up', async () => {
    const viewer = user(fx.a, 'viewer@a.example', 'viewer');
    await cache.get(viewer);
    const { group } = fx.store.groups.create(fx.siteA, { key: 'k', template: 'pump <*> tripped', at: clock });
    publish(fx.a.tenantId, 'groups.changed', { groupId: group.id, action: 'created' });
    const home = await cache.get(viewer);
    expect(home.groups.new).toMatchObject([{ id: group.id, template: 'pump <*> tripped' }]);
    publish(fx.a.tenantId, 'groups.changed', { groupId: group.id, action: 'updated' });
    expect(await cache.get(viewer)).toBe(home);
  });

  it('shows a spike for spikeMinutes after its minute, then makes the answer again without it', async () => {
    const viewer = user(fx.a, 'viewer@a.example', 'viewer');
    const { group } = fx.store.groups.create(fx.siteA, { key: 'k', template: 'RTSP timeout from <*>', at: clock });
    await cache.get(viewer);
    publish(fx.a.tenantId, 'groups.spike', {
      groupId: group.id,
      siteId: fx.siteA.siteId,
      count: 60,
      expected: 1,
      score: 30,
      at: clock,
    });
    expect((await cache.get(viewer)).groups.spiking).toMatchObject([
      { groupId: group.id, template: 'RTSP timeout from <*>', count: 60 },
    ]);
    clock += 17 * 60_000;
    expect((await cache.get(viewer)).groups.spiking).toEqual([]);
    expect(stats(fx.a).missesByReason).toMatchObject({ expired: 1 });
  });

  it('lists offline devices and overlays in alarm from the live status, and only when they change', async () => {
    const viewer = user(fx.a, 'viewer@a.example', 'viewer');
    fx.store.sitemap.applyOverlayChanges(fx.siteA, {
      upserts: [
        { externalId: 'reefer', shapeId: null, label: 'Reefer 3', binding: { type: 'device', device: 'reefer-3' } },
      ],
      deletes: [],
    });
    await cache.get(viewer);
    const next = status(fx.siteA, [
      { id: 'cam-dock', status: 'offline' },
      { id: 'reefer-3', status: 'alarm' },
      { id: 'door-1', status: 'ok' },
    ]);
    publish(fx.a.tenantId, 'sitemap.status', next);
    const home = await cache.get(viewer);
    expect(home.offline).toMatchObject({ devices: 1, items: [{ id: 'cam-dock', siteId: fx.siteA.siteId }] });
    expect(home.overlays.alarm).toEqual([
      { siteId: fx.siteA.siteId, externalId: 'reefer', label: 'Reefer 3', target: 'reefer-3' },
    ]);
    const invalidations = stats(fx.a).invalidations;
    // The same offline and alarm entities, another ok one: nothing Home shows changed.
    publish(fx.a.tenantId, 'sitemap.status', status(fx.siteA, [...next.items, { id: 'door-2', status: 'ok' }]));
    expect(await cache.get(viewer)).toBe(home);
    expect(stats(fx.a).invalidations).toBe(invalidations);
  });

  it('lists failing sources, and notices that something sends events now', async () => {
    const viewer = user(fx.a, 'viewer@a.example', 'viewer');
    expect((await cache.get(viewer)).empty).toBe(true);
    const source = fx.store.sources.create(fx.siteA, { kind: 'webhook', name: 'Gate hook', config: {}, enabled: true });
    health.set(source.id, 'ok');
    publish(fx.a.tenantId, 'sources.health', { sourceId: source.id, state: 'ok' });
    expect(await cache.get(viewer)).toMatchObject({ empty: false, sources: { failing: [] } });
    health.set(source.id, 'down');
    publish(fx.a.tenantId, 'sources.health', { sourceId: source.id, state: 'down' });
    expect((await cache.get(viewer)).sources.failing).toEqual([
      { id: source.id, siteId: fx.siteA.siteId, name: 'Gate hook', state: 'down' },
    ]);
  });

  it('shows tunnel state to operators and above, after tunnels change', async () => {
    const viewer = user(fx.a, 'viewer@a.example', 'viewer');
    const operator = user(fx.a, 'operator@a.example', 'operator');
    expect((await cache.get(operator)).tunnels).toEqual({ up: 0, stale: 0, down: 0, items: [] });
    peers = [{ state: 'up' }, { state: 'stale' }];
    publish(fx.a.tenantId, 'tunnels.changed', {
      interfaceId: '01J0000000000000000000AF00',
      peerId: null,
      action: 'state',
    });
    expect(await cache.get(operator)).toMatchObject({ tunnels: { up: 1, stale: 1, items: [{ state: 'stale' }] } });
    expect((await cache.get(viewer)).tunnels).toBeNull();
  });

  it('follows sites created and removed', async () => {
    const viewer = user(fx.a, 'viewer@a.example', 'viewer');
    await cache.get(viewer);
    const site = fx.store.sites.create(fx.a, { name: 'Harbour', slug: 'harbour', timezone: 'UTC', address: '' });
    publish(fx.a.tenantId, 'sites.changed', { siteId: site.id, action: 'created' });
    expect((await cache.get(viewer)).sites.map((s) => s.name)).toContain('Harbour');
    fx.store.siteRemoval.remove({ tenantId: fx.a.tenantId, siteId: site.id });
    publish(fx.a.tenantId, 'sites.changed', { siteId: site.id, action: 'deleted' });
    expect((await cache.get(viewer)).sites.map((s) => s.name)).not.toContain('Harbour');
  });

  it('shows the sync state the sync slice reports, and ignores a report that changes nothing', async () => {
    const viewer = user(fx.a, 'viewer@a.example', 'viewer');
    expect((await cache.get(viewer)).sync).toBeNull();
    const report = {
      siteId: fx.siteA.siteId,
      state: 'failing' as const,
      pendingRecords: 12,
      lastSyncAt: null,
      error: 'hub unreachable',
      at: clock,
    };
    publish(fx.a.tenantId, 'sync.state', report);
    const home = await cache.get(viewer);
    expect(home.sync).toEqual({ sites: [report] });
    publish(fx.a.tenantId, 'sync.state', { ...report, pendingRecords: 13, at: clock + 1 });
    expect(await cache.get(viewer)).toBe(home);
  });

  it("never shows one tenant's sites or alerts to another, and a change in one leaves the other cached", async () => {
    const viewerA = user(fx.a, 'viewer@a.example', 'viewer');
    const viewerB = user(fx.b, 'viewer@b.example', 'viewer');
    const siteB = fx.siteB;
    const homeA = await cache.get(viewerA);
    const homeB = await cache.get(viewerB);
    const alertB = openAlert(siteB, 'b-only');
    publish(fx.b.tenantId, 'sitemap.status', status(siteB, [{ id: 'cam-b', status: 'offline' }]));
    await settled();

    const nowA = await cache.get(viewerA);
    expect(nowA).toBe(homeA);
    expect(nowA.sites.map((s) => s.id)).toEqual([fx.siteA.siteId]);
    expect(JSON.stringify(nowA)).not.toContain(alertB.id);
    expect(JSON.stringify(nowA)).not.toContain('cam-b');
    const nowB = await cache.get(viewerB);
    expect(nowB).not.toBe(homeB);
    expect(nowB.alerts.items.map((a) => a.id)).toEqual([alertB.id]);
    expect(nowB.offline.items.map((d) => d.id)).toEqual(['cam-b']);
  });

  it('keeps a Home per user: each has their own visit, and invalidating one leaves the other', async () => {
    const ann = user(fx.a, 'ann@a.example', 'viewer');
    const bob = user(fx.a, 'bob@a.example', 'viewer');
    const old = openAlert(fx.siteA, 'old');
    cache.markVisited(ann);
    await cache.get(bob);
    clock += VISIT_GAP_MS + 60_000;
    const fresh = openAlert(fx.siteA, 'fresh');

    // Ann comes back after a while: what opened since her last look is new to her; Bob never looked.
    const annHome = await cache.get(ann);
    expect(annHome.since).toBe(T0);
    expect(annHome.alerts.items.map((a) => [a.id, a.isNew])).toEqual([
      [fresh.id, true],
      [old.id, false],
    ]);
    const bobHome = await cache.get(bob);
    expect(bobHome.since).toBeNull();
    expect(bobHome.alerts.items.every((a) => !a.isNew)).toBe(true);

    expect(cache.invalidate(fx.a.tenantId, ann.userId)).toBe(1);
    expect(await cache.get(bob)).toBe(bobHome);
    await cache.get(ann);
    expect(stats(fx.a).missesByReason.cold).toBe(3);
    expect(cache.invalidate(fx.a.tenantId)).toBe(2);
  });

  it('makes a Home again when the user comes back for a new visit, and keeps the boundary across restarts', async () => {
    const ann = user(fx.a, 'ann@a.example', 'viewer');
    expect((await cache.get(ann)).since).toBeNull();
    expect(cache.markVisited(ann)).toEqual({ seenAt: T0, since: null });
    clock += 10 * 60_000;
    // Ten minutes later is the same visit.
    expect(cache.markVisited(ann)).toEqual({ seenAt: T0 + 600_000, since: null });
    clock += VISIT_GAP_MS;
    expect((await cache.get(ann)).since).toBe(T0 + 600_000);
    expect(stats(fx.a).missesByReason).toMatchObject({ visit: 1 });
    expect(fx.store.home.visit(fx.a, ann.userId)).toEqual({ seenAt: T0 + 600_000, since: null });
  });

  it('makes a Home again when the role changes', async () => {
    const session = user(fx.a, 'tech@a.example', 'viewer');
    expect((await cache.get(session)).tunnels).toBeNull();
    expect((await cache.get({ ...session, role: 'technician' })).tunnels).not.toBeNull();
    expect(stats(fx.a).missesByReason).toMatchObject({ role: 1 });
  });

  it('drops the least recently read Home beyond maxEntries, and reports hits, misses and age on /metrics', async () => {
    const users = Array.from({ length: 3 }, (_, i) => user(fx.a, `u${i}@a.example`, 'viewer'));
    for (const u of users) await cache.get(u);
    clock += 5_000;
    await cache.get(users[0]!);
    const text = await cache.metrics.registry.metrics();
    expect(text).toMatch(/^outpost_home_cache_hits_total 1$/m);
    expect(text).toMatch(/^outpost_home_cache_misses_total\{reason="cold"\} 3$/m);
    expect(text).toMatch(/^outpost_home_cache_entries 3$/m);
    expect(text).toMatch(/^outpost_home_cache_oldest_age_seconds 5$/m);
    expect(stats(fx.a)).toMatchObject({ oldestAgeMs: 5000, newestAgeMs: 5000, hitRate: 0.25 });
  });

  it('reads everything afresh after a change it could not apply, rather than serve a broken Home', async () => {
    const viewer = user(fx.a, 'viewer@a.example', 'viewer');
    const home: Home = await cache.get(viewer);
    const spy = vi.spyOn(fx.store.groups, 'get').mockImplementation(() => {
      throw new Error('disk I/O error');
    });
    publish(fx.a.tenantId, 'groups.spike', {
      groupId: '01J0000000000000000000GR00',
      siteId: fx.siteA.siteId,
      count: 9,
      expected: 1,
      score: 9,
      at: clock,
    });
    spy.mockRestore();
    const again = await cache.get(viewer);
    expect(again).not.toBe(home);
    expect(again.sites).toEqual(home.sites);
  });
});
