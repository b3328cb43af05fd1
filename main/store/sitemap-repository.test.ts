import { beforeEach, describe, expect, it } from 'vitest';
import type { Overlay } from '../contract/index.js';
import type { SiteScope, SitemapAssetRow, Store } from './index.js';
import { eventRow } from './test-support/pipeline-test-fixtures.js';
import { useTwoTenantStore } from './test-support/two-tenant-store.js';

const door: Overlay = {
  externalId: 'door-12',
  shapeId: 'shape-door-12',
  label: 'Door 12',
  binding: { type: 'device', device: 'door-ctl-12' },
  layer: 'ground',
  properties: { floor: '0' },
};
const gate: Overlay = { externalId: 'gate', shapeId: null, label: 'Gate', binding: null };

const overlayLayer: Omit<SitemapAssetRow, 'id' | 'tenantId' | 'siteId' | 'createdAt'> = {
  kind: 'overlay',
  sha256: 'a'.repeat(64),
  contentType: 'image/svg+xml',
  size: 1234,
  fileName: 'plan.svg',
  removed: ['script element'],
  shapes: [{ shapeId: 'shape-door-12', kind: 'rect', label: null, bbox: { x: 0, y: 0, width: 10, height: 5 } }],
  createdBy: 'user-1',
};

describe('sitemap repository', () => {
  const fx = useTwoTenantStore('sitemap');
  let store: Store;
  let a: SiteScope;
  let b: SiteScope;

  beforeEach(() => {
    store = fx.store;
    a = fx.siteA;
    b = fx.siteB;
  });

  it('answers revision 0 and no layers or overlays for a site whose map was never edited', () => {
    expect(store.sitemap.draft(a)).toEqual({
      siteId: a.siteId,
      revision: 0,
      updatedAt: null,
      basemapAssetId: null,
      overlayAssetId: null,
    });
    expect(store.sitemap.overlays(a)).toEqual([]);
  });

  it('upserts and deletes overlays, bumping the revision once per change, and reads them back canonical', () => {
    expect(store.sitemap.applyOverlayChanges(a, { upserts: [gate, door], deletes: [] })).toEqual({ revision: 1 });
    expect(store.sitemap.overlays(a)).toEqual([door, gate]);
    expect(store.sitemap.draft(a)).toMatchObject({ revision: 1, updatedAt: expect.any(Number) });

    const moved: Overlay = {
      ...door,
      label: 'Door 12 (east)',
      binding: { type: 'zone', zone: 'loading' },
      properties: {},
    };
    delete moved.layer;
    expect(store.sitemap.applyOverlayChanges(a, { baseRevision: 1, upserts: [moved], deletes: ['gate'] })).toEqual({
      revision: 2,
    });
    // No `layer` and no empty `properties` key: the same object the editor would build.
    expect(store.sitemap.overlays(a)).toEqual([
      {
        externalId: 'door-12',
        shapeId: 'shape-door-12',
        label: 'Door 12 (east)',
        binding: { type: 'zone', zone: 'loading' },
      },
    ]);

    const unit: Overlay = { ...gate, binding: { type: 'unit', unitId: 'U-7' } };
    const camera: Overlay = { ...gate, externalId: 'cam', binding: { type: 'camera', device: 'cam-1' } };
    store.sitemap.applyOverlayChanges(a, { upserts: [unit, camera], deletes: ['no-such-overlay'] });
    expect(store.sitemap.overlays(a).map((o) => o.binding)).toEqual([
      { type: 'camera', device: 'cam-1' },
      { type: 'zone', zone: 'loading' },
      { type: 'unit', unitId: 'U-7' },
    ]);
  });

  it('refuses a change based on an old revision and writes nothing', () => {
    store.sitemap.applyOverlayChanges(a, { upserts: [door], deletes: [] });
    store.sitemap.applyOverlayChanges(a, { upserts: [gate], deletes: [] });
    const before = store.sitemap.draft(a);

    expect(() =>
      store.sitemap.applyOverlayChanges(a, {
        baseRevision: 1,
        upserts: [{ ...door, label: 'Mine' }],
        deletes: ['gate'],
      }),
    ).toThrow(
      expect.objectContaining({
        name: 'OutpostError',
        code: 'conflict',
        message: 'The map was changed by someone else (now at revision 2). Reload it and make your change again.',
      }),
    );
    expect(store.sitemap.draft(a)).toEqual(before);
    expect(store.sitemap.overlays(a)).toEqual([door, gate]);
    // A never-edited map is at revision 0, so a stale editor is refused there too.
    expect(() => store.sitemap.applyOverlayChanges(b, { baseRevision: 3, upserts: [door], deletes: [] })).toThrow(
      /now at revision 0/,
    );
    expect(store.sitemap.overlays(b)).toEqual([]);
  });

  it('refuses an overlay both saved and deleted, and answers an empty change without a new revision', () => {
    store.sitemap.applyOverlayChanges(a, { upserts: [door], deletes: [] });
    expect(() => store.sitemap.applyOverlayChanges(a, { upserts: [gate, door], deletes: ['door-12'] })).toThrow(
      expect.objectContaining({ code: 'invalid_input', message: expect.stringContaining('door-12') }),
    );
    expect(store.sitemap.overlays(a)).toEqual([door]);
    expect(store.sitemap.applyOverlayChanges(a, { baseRevision: 1, upserts: [], deletes: [] })).toEqual({
      revision: 1,
    });
    expect(store.sitemap.draft(a).revision).toBe(1);
  });

  it("never reads or writes another tenant's map, even given its site id", () => {
    store.sitemap.applyOverlayChanges(a, { upserts: [door], deletes: [] });
    const intruder = { tenantId: b.tenantId, siteId: a.siteId };

    expect(store.sitemap.overlays(intruder)).toEqual([]);
    expect(store.sitemap.draft(intruder).revision).toBe(0);
    for (const write of [
      () => store.sitemap.applyOverlayChanges(intruder, { upserts: [{ ...door, label: 'Hijacked' }], deletes: [] }),
      () => store.sitemap.applyOverlayChanges(intruder, { upserts: [], deletes: ['door-12'] }),
      () => store.sitemap.addLayer(intruder, overlayLayer, [door]),
      () => store.sitemap.clear(intruder, 'overlays'),
    ]) {
      expect(write).toThrow(expect.objectContaining({ code: 'not_found' }));
    }
    expect(store.sitemap.overlays(a)).toEqual([door]);
    expect(store.sitemap.draft(a).revision).toBe(1);
  });

  it('saves 10,000 overlays in one change', () => {
    const many: Overlay[] = Array.from({ length: 10_000 }, (_, i) => ({
      externalId: `ov-${String(i).padStart(5, '0')}`,
      shapeId: null,
      label: `Overlay ${i}`,
      binding: { type: 'device', device: `dev-${i}` },
      properties: { row: String(i) },
    }));
    expect(store.sitemap.applyOverlayChanges(a, { baseRevision: 0, upserts: many, deletes: [] })).toEqual({
      revision: 1,
    });
    const stored = store.sitemap.overlays(a);
    expect(stored).toHaveLength(10_000);
    expect(stored[9_999]).toEqual(many[9_999]);
  });

  it('adds an overlay layer with its overlays, leaving existing external ids alone', () => {
    store.sitemap.applyOverlayChanges(a, { upserts: [door], deletes: [] });
    const fromSvg: Overlay = { ...door, label: 'From the SVG', binding: null };
    delete fromSvg.properties;
    const fresh: Overlay = { externalId: 'shape-9', shapeId: 'shape-9', label: 'shape-9', binding: null };

    const added = store.sitemap.addLayer(a, overlayLayer, [fromSvg, fresh]);
    expect(added).toMatchObject({ revision: 2, overlaysCreated: 1 });
    expect(added.asset).toMatchObject({ ...overlayLayer, tenantId: a.tenantId, siteId: a.siteId });
    expect(store.sitemap.asset(a, added.asset.id)).toEqual(added.asset);
    expect(store.sitemap.asset(b, added.asset.id)).toBeUndefined();
    expect(store.sitemap.overlays(a)).toEqual([door, fresh]);
    expect(store.sitemap.draft(a)).toMatchObject({ revision: 2, overlayAssetId: added.asset.id, basemapAssetId: null });

    const basemap = store.sitemap.addLayer(a, { ...overlayLayer, kind: 'basemap', removed: [], shapes: [] });
    expect(basemap).toMatchObject({ revision: 3, overlaysCreated: 0 });
    expect(store.sitemap.draft(a)).toMatchObject({ basemapAssetId: basemap.asset.id, overlayAssetId: added.asset.id });
  });

  it('clears the base map, the overlay layer or the overlays, each a new revision', () => {
    const overlay = store.sitemap.addLayer(a, overlayLayer, [door]).asset;
    const basemap = store.sitemap.addLayer(a, { ...overlayLayer, kind: 'basemap', removed: [], shapes: [] }).asset;

    expect(store.sitemap.clear(a, 'basemap')).toEqual({ revision: 3 });
    expect(store.sitemap.draft(a)).toMatchObject({ basemapAssetId: null, overlayAssetId: overlay.id });
    expect(store.sitemap.clear(a, 'overlay')).toEqual({ revision: 4 });
    expect(store.sitemap.draft(a)).toMatchObject({ basemapAssetId: null, overlayAssetId: null });
    expect(store.sitemap.overlays(a)).toEqual([door]);
    expect(store.sitemap.clear(a, 'overlays')).toEqual({ revision: 5 });
    expect(store.sitemap.overlays(a)).toEqual([]);
    // The files stay recorded: a release may still reference them.
    expect(store.sitemap.asset(a, basemap.id)?.kind).toBe('basemap');
  });

  describe('zones', () => {
    const T = 1_700_000_000_000;
    let sourceA: string;
    let group: { groupId: string; templateId: string };

    function events(scope: SiteScope, source: string, zoneLists: unknown[], start = T): void {
      store.events.insertBatch(
        scope,
        zoneLists.map((zones, i) =>
          eventRow({ sourceId: source, ...group, kind: 'detection', time: start + i * 1000, attributes: { zones } }),
        ),
      );
    }

    beforeEach(() => {
      sourceA = store.sources.create(a, { kind: 'webhook', name: 'frigate', config: {}, enabled: true }).id;
      const created = store.groups.create(a, { key: 'person', template: 'person detected', at: T });
      group = { groupId: created.group.id, templateId: created.template.templateId };
    });

    it("lists the zone names of the site's events with when each was last seen, by name", () => {
      events(a, sourceA, [['driveway', 'Front door'], ['driveway'], [], 'porch', [42, 'back yard']]);
      expect(store.sitemap.zones(a, '', 10)).toEqual([
        { name: 'back yard', lastSeen: T + 4000 },
        { name: 'driveway', lastSeen: T + 1000 },
        { name: 'Front door', lastSeen: T },
      ]);
      expect(store.sitemap.zones(a, 'DOOR', 10)).toEqual([{ name: 'Front door', lastSeen: T }]);
      expect(store.sitemap.zones(a, 'y', 1)).toEqual([{ name: 'back yard', lastSeen: T + 4000 }]);
      expect(store.sitemap.zones(a, 'nowhere', 10)).toEqual([]);
    });

    it("only looks at the site's newest 5,000 events, and never at another tenant's", () => {
      events(a, sourceA, [['old zone']], T - 1);
      events(
        a,
        sourceA,
        Array.from({ length: 5000 }, () => ['driveway']),
      );
      expect(store.sitemap.zones(a, '', 10).map((z) => z.name)).toEqual(['driveway']);

      expect(store.sitemap.zones(b, '', 10)).toEqual([]);
      expect(store.sitemap.zones({ tenantId: b.tenantId, siteId: a.siteId }, '', 10)).toEqual([]);
    });
  });
});
