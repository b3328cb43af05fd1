import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ReleaseEnv } from '../contract/index.js';
import { openDatabase } from '../../native/sqlite/index.js';
import type { NewRelease, ReleaseAssetRef, SiteScope, Store } from './index.js';
import { useTwoTenantStore } from './test-support/two-tenant-store.js';

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

const basemapV1: ReleaseAssetRef = { role: 'basemap', sha256: sha('plan v1'), contentType: 'image/png', size: 10 };
const basemapV2: ReleaseAssetRef = { role: 'basemap', sha256: sha('plan v2'), contentType: 'image/png', size: 20 };
const svg: ReleaseAssetRef = { role: 'overlay', sha256: sha('overlay'), contentType: 'image/svg+xml', size: 30 };

describe('releases repository', () => {
  const fx = useTwoTenantStore('releases');
  let store: Store;
  let a: SiteScope;
  let b: SiteScope;
  let publisher: string;

  beforeEach(() => {
    store = fx.store;
    // Both tenants' default sites have the slug `default`: only one may publish under it.
    a = fx.siteA;
    b = fx.siteB;
    publisher = store.users.create(fx.a, { email: 'ana@acme.test', name: 'Ana', role: 'admin', passwordHash: 'h' }).id;
  });

  function release(env: ReleaseEnv, fields: Partial<NewRelease> = {}): NewRelease {
    return {
      env,
      note: `to ${env}`,
      publishedBy: publisher,
      publishedAt: 1_700_000_000_000,
      overlays: 2,
      assets: [basemapV1, svg],
      build: (version) => {
        const json = JSON.stringify({ version, env });
        return { json, sha256: sha(json) };
      },
      ...fields,
    };
  }

  /** A second connection, as a careless script or another program would open the file. */
  function rawExec(sql: string): void {
    const db = openDatabase(store.path);
    try {
      db.exec(sql);
    } finally {
      db.close();
    }
  }

  it('numbers releases 1, 2, 3 per site across environments, each current in its own environment', () => {
    const one = store.releases.publish(a, release('staging'));
    const two = store.releases.publish(a, release('production'));
    const three = store.releases.publish(a, release('staging', { note: 'fixed labels' }));

    expect([one.version, two.version, three.version]).toEqual([1, 2, 3]);
    expect(three).toEqual({
      id: expect.any(String),
      tenantId: a.tenantId,
      siteId: a.siteId,
      version: 3,
      env: 'staging',
      sha256: sha(JSON.stringify({ version: 3, env: 'staging' })),
      note: 'fixed labels',
      publishedBy: publisher,
      publishedByEmail: 'ana@acme.test',
      publishedAt: 1_700_000_000_000,
      overlays: 2,
      current: true,
    });
    expect(store.releases.list(a).map((r) => [r.version, r.env, r.current])).toEqual([
      [3, 'staging', true],
      [2, 'production', true],
      [1, 'staging', false],
    ]);
    expect(store.releases.list(a, 'production').map((r) => r.version)).toEqual([2]);
    expect(store.releases.get(a, 2)).toEqual({ release: two, json: JSON.stringify({ version: 2, env: 'production' }) });
    expect(store.releases.get(a, 4)).toBeUndefined();
    expect(store.releases.current(a, 'staging')?.release.version).toBe(3);

    // A publisher who is not a user of the tenant (removed, or the CLI) has no email to show.
    expect(store.releases.publish(a, release('production', { publishedBy: 'cli' })).publishedByEmail).toBeNull();
  });

  it('rolls back only to a release of the same environment, leaving the releases unchanged', () => {
    store.releases.publish(a, release('staging'));
    store.releases.publish(a, release('production'));
    store.releases.publish(a, release('staging'));
    const before = store.releases.get(a, 1);

    expect(store.releases.setCurrent(a, 'staging', 1)).toEqual({ ...before!.release, current: true });
    expect(store.releases.current(a, 'staging')?.release.version).toBe(1);
    expect(store.releases.list(a).map((r) => [r.version, r.current])).toEqual([
      [3, false],
      [2, true],
      [1, true],
    ]);
    expect(store.releases.setCurrent(a, 'production', 1)).toBeUndefined();
    expect(store.releases.setCurrent(a, 'staging', 99)).toBeUndefined();
    expect(store.releases.current(a, 'production')?.release.version).toBe(2);
    expect(store.releases.get(a, 1)?.json).toBe(before!.json);
  });

  it('refuses to update or delete a release or its files, even through a raw connection', () => {
    store.releases.publish(a, release('production'));
    for (const sql of [
      "UPDATE releases SET note = 'rewritten'",
      'DELETE FROM releases',
      "UPDATE release_assets SET sha256 = 'x'",
      'DELETE FROM release_assets',
    ]) {
      expect(() => rawExec(sql), sql).toThrow('releases are immutable: publish a new release or roll back instead');
    }
    expect(store.releases.get(a, 1)?.release.note).toBe('to production');
    expect(store.releases.publicAsset('default', svg.sha256)).toEqual(svg);
  });

  it('writes nothing when building the manifest fails, not even the slug claim', () => {
    const failing = release('production', {
      build: () => {
        throw new Error('manifest too large');
      },
    });
    expect(() => store.releases.publish(a, failing)).toThrow('manifest too large');
    expect(store.releases.list(a)).toEqual([]);
    // The slug is still free for the other tenant's `default` site.
    expect(store.releases.publish(b, release('production')).version).toBe(1);
  });

  describe('public reads', () => {
    it('serve only the current published release of the asked environment', () => {
      expect(store.releases.publicCurrent('default', 'production')).toBeUndefined();
      expect(store.releases.publicCurrent('no-such-site', 'production')).toBeUndefined();

      store.releases.publish(a, release('staging'));
      expect(store.releases.publicCurrent('default', 'production')).toBeUndefined();
      const staging = store.releases.publicCurrent('default', 'staging');
      expect(staging).toEqual({
        site: { id: a.siteId, tenantId: a.tenantId, slug: 'default', name: 'Default site' },
        release: { ...store.releases.get(a, 1)!.release, publishedByEmail: null },
        json: JSON.stringify({ version: 1, env: 'staging' }),
      });
    });

    it('hand out only files of a current release', () => {
      // Assets of the draft (uploaded, never published) are not reachable.
      store.sitemap.addLayer(a, {
        kind: 'basemap',
        sha256: basemapV2.sha256,
        contentType: 'image/png',
        size: 20,
        fileName: 'v2.png',
        removed: [],
        shapes: [],
        createdBy: publisher,
      });
      expect(store.releases.publicAsset('default', basemapV2.sha256)).toBeUndefined();

      store.releases.publish(a, release('production'));
      store.releases.publish(a, release('production', { assets: [basemapV2, svg] }));
      expect(store.releases.publicAsset('default', basemapV2.sha256)).toEqual(basemapV2);
      expect(store.releases.publicAsset('default', svg.sha256)).toEqual(svg);
      expect(store.releases.publicAsset('default', basemapV1.sha256)).toBeUndefined();

      store.releases.setCurrent(a, 'production', 1);
      expect(store.releases.publicAsset('default', basemapV1.sha256)).toEqual(basemapV1);
      expect(store.releases.publicAsset('default', basemapV2.sha256)).toBeUndefined();

      // Staging's current release counts too.
      store.releases.publish(a, release('staging', { assets: [basemapV2] }));
      expect(store.releases.publicAsset('default', basemapV2.sha256)).toEqual(basemapV2);
      expect(store.releases.publicAsset('other-slug', basemapV2.sha256)).toBeUndefined();
    });

    it("refuse another tenant's site the same slug, which never sees the first site's releases", () => {
      store.releases.publish(a, release('production'));

      expect(() => store.releases.publish(b, release('production'))).toThrow(
        expect.objectContaining({
          name: 'OutpostError',
          code: 'conflict',
          message:
            "The public address /api/public/default/ is already used by another site's published map. " +
            'Give this site another slug (Settings → Sites) and publish again.',
        }),
      );
      expect(store.releases.list(b)).toEqual([]);
      expect(store.releases.publicCurrent('default', 'production')?.site.tenantId).toBe(a.tenantId);

      const intruder = { tenantId: b.tenantId, siteId: a.siteId };
      expect(store.releases.list(intruder)).toEqual([]);
      expect(store.releases.get(intruder, 1)).toBeUndefined();
      expect(store.releases.current(intruder, 'production')).toBeUndefined();
      expect(store.releases.setCurrent(intruder, 'production', 1)).toBeUndefined();
      expect(() => store.releases.publish(intruder, release('production'))).toThrow(
        expect.objectContaining({ code: 'not_found' }),
      );
      expect(store.releases.list(a)).toHaveLength(1);
    });

    it('follow a slug rename; a rename onto an address another site publishes under changes nothing', () => {
      store.releases.publish(a, release('production'));
      store.sites.update(fx.a, a.siteId, { slug: 'north-yard' });

      expect(store.releases.publicCurrent('default', 'production')).toBeUndefined();
      expect(store.releases.publicAsset('default', svg.sha256)).toBeUndefined();
      expect(store.releases.publicCurrent('north-yard', 'production')?.site).toMatchObject({
        id: a.siteId,
        slug: 'north-yard',
      });
      expect(store.releases.publicAsset('north-yard', svg.sha256)).toEqual(svg);

      // The old address is free again: the other tenant's `default` site publishes under it.
      store.releases.publish(b, release('production'));
      expect(store.releases.publicCurrent('default', 'production')?.site.tenantId).toBe(b.tenantId);

      expect(() => store.sites.update(fx.a, a.siteId, { slug: 'default', name: 'Renamed' })).toThrow(
        expect.objectContaining({
          code: 'conflict',
          message: expect.stringContaining('/api/public/default/ is already used'),
        }),
      );
      expect(store.sites.get(fx.a, a.siteId)).toMatchObject({ slug: 'north-yard', name: 'Default site' });
      expect(store.releases.publicCurrent('north-yard', 'production')?.site.id).toBe(a.siteId);
    });

    it('let a site that never published take a slug published elsewhere; the clash shows when it publishes', () => {
      store.releases.publish(a, release('production'));
      store.sites.update(fx.b, b.siteId, { slug: 'old-default' });
      const depot = store.sites.create(fx.b, { name: 'Depot', slug: 'depot', timezone: 'UTC', address: '' });

      expect(store.sites.update(fx.b, depot.id, { slug: 'default' })?.slug).toBe('default');
      expect(() => store.releases.publish({ ...fx.b, siteId: depot.id }, release('production'))).toThrow(
        expect.objectContaining({ code: 'conflict' }),
      );
      expect(store.releases.publicCurrent('default', 'production')?.site.id).toBe(a.siteId);
    });

    it('move a claim left behind by a slug changed outside the store on the next publish', () => {
      store.releases.publish(a, release('production'));
      rawExec(`UPDATE sites SET slug = 'moved' WHERE id = '${a.siteId}'`);
      expect(store.releases.publicCurrent('default', 'production')).toBeUndefined();

      store.releases.publish(a, release('production'));
      expect(store.releases.publicCurrent('moved', 'production')?.release.version).toBe(2);
    });
  });
});
