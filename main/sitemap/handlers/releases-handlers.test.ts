import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Overlay, ReleaseManifest, ReleaseSummary, Site, UploadAssetOutput, User } from '../../contract/index.js';
import { PNG, startSitemapCore, toBase64, type SitemapCore } from '../test-support/sitemap-core.js';

let t: SitemapCore;
let technician: User;
beforeAll(async () => {
  t = await startSitemapCore();
  technician = await t.call<User>('auth.me', {});
});
afterAll(async () => {
  await t?.close();
});

const overlay = (id: string, label = id): Overlay => ({ externalId: id, shapeId: null, label, binding: null });
const save = (siteId: string, upserts: Overlay[], deletes: string[] = []) =>
  t.call('sitemap.saveOverlays', { siteId, upserts, deletes });
const publish = (siteId: string, env: 'staging' | 'production', note = '') =>
  t.call<ReleaseSummary>('releases.publish', { siteId, env, note });
const getRelease = (siteId: string, version: number) =>
  t.call<{ release: ReleaseSummary; manifest: ReleaseManifest }>('releases.get', { siteId, version }, 'viewer');
const list = (siteId: string, env?: 'staging' | 'production') =>
  t.call<{ releases: ReleaseSummary[] }>('releases.list', { siteId, ...(env ? { env } : {}) }, 'viewer');

describe('releases', () => {
  let site: Site;
  beforeAll(async () => {
    site = await t.newSite('releases-main');
  });

  it('refuses to publish an empty draft', async () => {
    const err = await t.fail('releases.publish', { siteId: site.id, env: 'production' });
    expect(err.code).toBe('invalid_input');
    expect(err.message).toBe('There is nothing to publish yet: upload a base map or add overlays first.');
    expect((await list(site.id)).releases).toEqual([]);
  });

  it('publishes numbered releases with a manifest of the draft, and lists them newest first', async () => {
    const basemap = await t.call<UploadAssetOutput>('sitemap.uploadAsset', {
      siteId: site.id,
      kind: 'basemap',
      fileName: 'plan.png',
      contentBase64: toBase64(PNG),
    });
    await save(site.id, [overlay('gate', 'Gate'), { ...overlay('door'), binding: { type: 'device', device: 'd-1' } }]);
    const heard = await t.listen(['releases.changed']);
    try {
      const v1 = await publish(site.id, 'production', 'First map');
      expect(v1).toMatchObject({
        siteId: site.id,
        version: 1,
        env: 'production',
        note: 'First map',
        publishedBy: technician.id,
        publishedByEmail: technician.email,
        overlays: 2,
        current: true,
      });
      expect(v1.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(heard.heard).toEqual([
        {
          topic: 'releases.changed',
          payload: { siteId: site.id, env: 'production', version: 1, action: 'published', at: v1.publishedAt },
        },
      ]);

      const { release, manifest } = await getRelease(site.id, 1);
      expect(release).toEqual(v1);
      const draft = await t.call<{ basemap: { sha256: string; size: number } }>('sitemap.get', { siteId: site.id });
      expect(manifest).toEqual({
        format: 1,
        site: { id: site.id, slug: site.slug, name: site.name },
        version: 1,
        env: 'production',
        overlays: [{ ...overlay('door'), binding: { type: 'device', device: 'd-1' } }, overlay('gate', 'Gate')],
        statusMapping: { rules: [], custom: [] },
        assets: [{ role: 'basemap', sha256: draft.basemap.sha256, contentType: 'image/png', size: PNG.length }],
        publishedBy: technician.id,
        publishedAt: v1.publishedAt,
        note: 'First map',
      });
      expect(basemap.kind).toBe('basemap');

      const v2 = await publish(site.id, 'staging');
      expect(v2).toMatchObject({ version: 2, env: 'staging', current: true });
      const all = (await list(site.id)).releases;
      expect(all.map((r) => [r.version, r.env, r.current])).toEqual([
        [2, 'staging', true],
        [1, 'production', true],
      ]);
      expect((await list(site.id, 'staging')).releases.map((r) => r.version)).toEqual([2]);
    } finally {
      heard.stop();
    }
  });

  it('never changes a published release: later publishes leave its manifest bytes and hash alone', async () => {
    const before = await getRelease(site.id, 1);
    await save(site.id, [overlay('gate', 'Gate, renamed'), overlay('new-one')], ['door']);
    await t.call('sitemap.clear', { siteId: site.id, what: 'basemap' });
    const v3 = await publish(site.id, 'production', 'Second map');
    expect(v3.version).toBe(3);
    const after = await getRelease(site.id, 1);
    expect(after.manifest).toEqual(before.manifest);
    expect(after.release).toEqual({ ...before.release, current: false });
    expect(after.release.sha256).toBe(before.release.sha256);
    expect((await getRelease(site.id, 3)).manifest.assets).toEqual([]);
  });

  it('diffs two releases by external id', async () => {
    const diff = await t.call('releases.diff', { siteId: site.id, from: 1, to: 3 }, 'viewer');
    expect(diff).toEqual({
      added: ['new-one'],
      removed: ['door'],
      changed: [{ externalId: 'gate', fields: ['label'] }],
      assetsChanged: true,
      statusMappingChanged: false,
    });
    expect((await t.fail('releases.diff', { siteId: site.id, from: 1, to: 99 }, 'viewer')).code).toBe('not_found');
  });

  it('rolls production back to an earlier production release, and only to one of that environment', async () => {
    const heard = await t.listen(['releases.changed']);
    try {
      const back = await t.call<ReleaseSummary>('releases.rollback', {
        siteId: site.id,
        env: 'production',
        version: 1,
      });
      expect(back).toMatchObject({ version: 1, env: 'production', current: true });
      expect(heard.heard.map((h) => h.payload)).toMatchObject([
        { siteId: site.id, env: 'production', version: 1, action: 'rolled-back' },
      ]);
      const current = (await list(site.id, 'production')).releases.filter((r) => r.current);
      expect(current.map((r) => r.version)).toEqual([1]);

      const wrongEnv = await t.fail('releases.rollback', { siteId: site.id, env: 'production', version: 2 });
      expect(wrongEnv.code).toBe('not_found');
      expect(wrongEnv.message).toMatch(/not a production release/);
      expect((await t.fail('releases.rollback', { siteId: site.id, env: 'staging', version: 42 })).code).toBe(
        'not_found',
      );
    } finally {
      heard.stop();
    }
  });

  it("keeps another tenant away from the site's releases", async () => {
    for (const [method, input] of [
      ['releases.list', { siteId: site.id }],
      ['releases.get', { siteId: site.id, version: 1 }],
      ['releases.diff', { siteId: site.id, from: 1, to: 3 }],
      ['releases.publish', { siteId: site.id, env: 'production' }],
      ['releases.rollback', { siteId: site.id, env: 'production', version: 3 }],
    ] as const) {
      expect((await t.fail(method, input, 'otherAdmin')).code, method).toBe('not_found');
    }
    expect((await list(site.id)).releases.map((r) => r.version)).toEqual([3, 2, 1]);
  });

  it('versions each site on its own', async () => {
    const other = await t.newSite('releases-other');
    await save(other.id, [overlay('x')]);
    expect((await publish(other.id, 'staging')).version).toBe(1);
  });
});
