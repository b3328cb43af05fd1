import { describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, migrateDown, migrateUp, openStore, type SiteScope } from './index.js';
import { useTwoTenantStore } from './test-support/two-tenant-store.js';

describe('migration 007 (site map)', () => {
  const fx = useTwoTenantStore('sitemap-migration');

  it('goes down with published releases in place (their triggers do not block it) and up again empty', async () => {
    const a: SiteScope = fx.siteA;
    fx.store.sitemap.applyOverlayChanges(a, {
      upserts: [{ externalId: 'door', shapeId: null, label: 'Door', binding: null }],
      deletes: [],
    });
    fx.store.integrations.set(a, {
      kind: 'internal',
      external: null,
      statusMapping: { rules: [], custom: [] },
      offlineAfterMinutes: 3,
    });
    fx.store.releases.publish(a, {
      env: 'production',
      note: '',
      publishedBy: 'user-1',
      publishedAt: 1,
      overlays: 1,
      assets: [{ role: 'basemap', sha256: 'b'.repeat(64), contentType: 'image/png', size: 1 }],
      build: () => ({ json: '{}', sha256: 'c'.repeat(64) }),
    });
    fx.store.close();

    expect((await migrateDown(fx.dataDir, { steps: LATEST_SCHEMA_VERSION - 6 })).current).toBe(6);
    expect((await migrateUp(fx.dataDir)).current).toBe(LATEST_SCHEMA_VERSION);

    fx.store = await openStore({ dataDir: fx.dataDir });
    expect(fx.store.sites.get(fx.a, a.siteId)?.slug).toBe('default');
    expect(fx.store.sitemap.overlays(a)).toEqual([]);
    expect(fx.store.integrations.get(a).updatedAt).toBeNull();
    expect(fx.store.releases.list(a)).toEqual([]);
    expect(fx.store.releases.publicCurrent('default', 'production')).toBeUndefined();
  });
});
