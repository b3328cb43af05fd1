import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  OutpostError,
  type Overlay,
  type ReleaseSummary,
  type SiteMapDraft,
  type SiteStatus,
  type UploadAssetOutput,
} from '../../contract/index.js';
import { createBlobStore } from '../../media/index.js';
import type { SiteStatusService } from '../status-service-types.js';
import { openStore, type SiteScope, type Store } from '../../store/index.js';
import {
  createPublicSitemap,
  PUBLIC_STALE_MESSAGE,
  releaseStatuses,
  type PublicSitemapService,
} from './public-sitemap.js';
import { publishDraft } from '../release-publish.js';
import {
  JPEG,
  PNG,
  publicSitemapOf,
  startSitemapCore,
  toBase64,
  type SitemapCore,
} from '../test-support/sitemap-core.js';
import type { PublicSitemap } from './public-sitemap-types.js';

async function failure(fn: () => unknown): Promise<OutpostError> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof OutpostError) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

const overlay = (id: string, binding: Overlay['binding'] = null): Overlay => ({
  externalId: id,
  shapeId: null,
  label: id,
  binding,
});

describe('core.publicSitemap', () => {
  let t: SitemapCore;
  let pub: PublicSitemap;
  beforeAll(async () => {
    t = await startSitemapCore();
    pub = publicSitemapOf(t.core);
    expect(pub.maxAgeSeconds).toBe(30);
  });
  afterAll(async () => {
    await t?.close();
  });

  const upload = (siteId: string, data: Buffer) =>
    t.call<UploadAssetOutput>('sitemap.uploadAsset', {
      siteId,
      kind: 'basemap',
      fileName: 'plan',
      contentBase64: toBase64(data),
    });
  const publish = (siteId: string, env: 'staging' | 'production') =>
    t.call<ReleaseSummary>('releases.publish', { siteId, env, note: '' });
  const basemapSha = async (siteId: string) => (await t.call<SiteMapDraft>('sitemap.get', { siteId })).basemap!.sha256;

  it('serves only the current published release of each environment, exactly as stored', async () => {
    const site = await t.newSite('public-yard');
    await t.call('sitemap.saveOverlays', { siteId: site.id, upserts: [overlay('gate')], deletes: [] });

    // Not published yet: the same answer as a slug nobody has.
    const before = await failure(() => pub.release(site.slug, 'production'));
    expect(before.code).toBe('not_found');
    expect((await failure(() => pub.release('no-such-slug', 'production'))).message).toBe(
      before.message.replace(site.slug, 'no-such-slug'),
    );
    expect((await failure(() => pub.release('../../etc', 'production'))).code).toBe('not_found');

    // Published after a miss: visible at once (the publish empties the cache).
    const v1 = await publish(site.id, 'production');
    const first = pub.release(site.slug, 'production');
    expect(first.sha256).toBe(v1.sha256);
    expect(first.publishedAt).toBe(v1.publishedAt);
    const got = await t.call<{ manifest: unknown }>('releases.get', { siteId: site.id, version: 1 });
    expect(JSON.parse(first.json)).toEqual(got.manifest);
    expect((await failure(() => pub.release(site.slug, 'staging'))).code).toBe('not_found');

    // Draft edits are not public until published.
    await t.call('sitemap.saveOverlays', { siteId: site.id, upserts: [overlay('draft-only')], deletes: [] });
    expect(pub.release(site.slug, 'production')).toEqual(first);
    expect(first.json).not.toContain('draft-only');

    const v2 = await publish(site.id, 'production');
    expect(pub.release(site.slug, 'production').sha256).toBe(v2.sha256);
    const staging = await publish(site.id, 'staging');
    expect(pub.release(site.slug, 'staging').sha256).toBe(staging.sha256);

    // Rollback: the older release is what the public sees, byte for byte.
    await t.call('releases.rollback', { siteId: site.id, env: 'production', version: 1 });
    expect(pub.release(site.slug, 'production')).toEqual(first);
  });

  it("serves files of current releases only, never drafts or other sites' files", async () => {
    const site = await t.newSite('public-files');
    await upload(site.id, PNG);
    const published = await basemapSha(site.id);
    await publish(site.id, 'production');
    const file = await pub.asset(site.slug, published);
    expect(file).toMatchObject({ sha256: published, contentType: 'image/png', size: PNG.length });
    expect((await buffer(file.open())).equals(PNG)).toBe(true);
    expect((await buffer(file.open({ start: 1, end: 3 }))).toString('latin1')).toBe('PNG');

    // A newer upload stays private until it is published.
    await upload(site.id, JPEG);
    const draftOnly = await basemapSha(site.id);
    expect((await failure(() => pub.asset(site.slug, draftOnly))).code).toBe('not_found');

    // Another site's published file is not reachable through this slug.
    const other = await t.newSite('public-files-other');
    await upload(other.id, Buffer.concat([PNG, Buffer.from('other')]));
    const otherSha = await basemapSha(other.id);
    await publish(other.id, 'production');
    expect((await pub.asset(other.slug, otherSha)).sha256).toBe(otherSha);
    expect((await failure(() => pub.asset(site.slug, otherSha))).code).toBe('not_found');
    expect((await failure(() => pub.asset(site.slug, 'not-a-hash'))).code).toBe('not_found');
  });

  it("never serves another tenant's drafts, and lets no tenant take a published slug", async () => {
    const mine = await t.newSite('public-tenants');
    await t.call('sitemap.saveOverlays', { siteId: mine.id, upserts: [overlay('a')], deletes: [] });
    const released = await publish(mine.id, 'production');

    // Tenant B has its own site with the same slug (slugs are per tenant) and a draft on it.
    const theirs = await t.newSite('public-tenants', 'otherAdmin');
    await t.call('sitemap.saveOverlays', { siteId: theirs.id, upserts: [overlay('b')], deletes: [] }, 'otherAdmin');
    const taken = await t.fail('releases.publish', { siteId: theirs.id, env: 'production' }, 'otherAdmin');
    expect(taken.code).toBe('conflict');
    expect(pub.release('public-tenants', 'production').sha256).toBe(released.sha256);
    expect((await failure(() => pub.release('public-tenants', 'staging'))).code).toBe('not_found');
  });

  it("answers the current release's overlays with their live statuses", async () => {
    // After the rollback above, production serves version 1 again: one overlay, bound to nothing known.
    const status = await pub.status('public-yard', 'production');
    expect(status).toMatchObject({ site: { slug: 'public-yard' }, env: 'production', version: 1 });
    expect(status.items).toEqual([{ externalId: 'gate', status: 'unknown' }]);
    expect((await failure(() => pub.status('never-published', 'production'))).code).toBe('not_found');
  });
});

describe('createPublicSitemap status', () => {
  let dataDir: string;
  let store: Store;
  let scope: SiteScope;
  let slug: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'outpost-public-status-'));
    store = await openStore({ dataDir, migrate: 'auto' });
    const tenantId = store.tenants.ensureDefault().id;
    const site = store.sites.create({ tenantId }, { name: 'Depot', slug: 'depot', timezone: 'UTC', address: '' });
    slug = site.slug;
    scope = { tenantId, siteId: site.id };
    store.integrations.set(scope, {
      kind: 'internal',
      external: null,
      offlineAfterMinutes: 10,
      statusMapping: { rules: [{ match: 'DOWN', status: 'alarm' }], custom: [] },
    });
    store.sitemap.applyOverlayChanges(scope, {
      upserts: [
        overlay('door-a', { type: 'device', device: 'dev-1' }),
        overlay('zone-b', { type: 'zone', zone: 'yard' }),
        overlay('unit-7'),
        overlay('lost', { type: 'unit', unitId: 'gone' }),
      ],
      deletes: [],
    });
    publishDraft(store, site, scope, { env: 'production', note: '', publishedBy: 'u1', publishedAt: 1_000 });
    // The draft's mapping changes after publishing: the release keeps the one it was published with.
    store.integrations.set(scope, {
      kind: 'internal',
      external: null,
      offlineAfterMinutes: 10,
      statusMapping: { rules: [{ match: 'DOWN', status: 'warning' }], custom: [] },
    });
  });
  afterAll(() => {
    store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The public side over the real store, with a stand-in status service answering `status`. */
  function withStatus(status: SiteStatus | undefined, now = 61_000): PublicSitemapService {
    const service: SiteStatusService = {
      get: async (asked) => {
        expect(asked).toEqual(scope);
        return status!;
      },
      reconfigure: () => undefined,
      touch: () => undefined,
      close: async () => undefined,
    };
    return createPublicSitemap({
      store,
      blobs: createBlobStore(join(dataDir, 'blobs')),
      maxAgeSeconds: 30,
      now: () => now,
      siteStatus: () => (status ? service : undefined),
    });
  }

  it("colours each released overlay from its binding's entity, else its own id, with the release's mapping", async () => {
    const status: SiteStatus = {
      siteId: scope.siteId,
      integration: 'internal',
      items: [
        { id: 'dev-1', raw: 'DOWN', status: 'warning' },
        { id: 'yard', raw: 'ok', status: 'ok' },
        { id: 'unit-7', raw: 'offline', status: 'offline' },
      ],
      unmapped: [],
      updatedAt: 1_000,
      stale: false,
      error: null,
    };
    const answer = await withStatus(status).status(slug, 'production');
    expect(answer).toMatchObject({
      site: { slug: 'depot', name: 'Depot' },
      env: 'production',
      version: 1,
      updatedAt: 1_000,
      ageMs: 60_000,
      stale: false,
      error: null,
    });
    expect(answer.items).toEqual([
      { externalId: 'door-a', status: 'alarm' },
      { externalId: 'lost', status: 'unknown' },
      { externalId: 'unit-7', status: 'offline' },
      { externalId: 'zone-b', status: 'ok' },
    ]);
    expect(answer.legend.map((l) => l.status)).toEqual(['ok', 'warning', 'alarm', 'offline', 'unknown']);
  });

  it("serves stale statuses with their age, without the source's own error text (it names an internal host)", async () => {
    const status: SiteStatus = {
      siteId: scope.siteId,
      integration: 'external',
      items: [{ id: 'dev-1', raw: 'DOWN', status: 'warning' }],
      unmapped: [],
      updatedAt: 1_000,
      stale: true,
      error: 'scada.plant.internal:8443 did not answer within 5000 ms',
    };
    const answer = await withStatus(status, 91_000).status(slug, 'production');
    expect(answer).toMatchObject({ stale: true, ageMs: 90_000, error: PUBLIC_STALE_MESSAGE });
    expect(JSON.stringify(answer)).not.toContain('scada.plant.internal');
    expect(answer.items).toContainEqual({ externalId: 'door-a', status: 'alarm' });
  });

  it('passes on the status service being unavailable, and not_found for unpublished slugs', async () => {
    const pub = withStatus(undefined);
    expect((await failure(() => pub.status(slug, 'production'))).code).toBe('unavailable');
    expect((await failure(() => pub.status(slug, 'staging'))).code).toBe('not_found');
  });

  it('maps statuses in a pure step too', () => {
    expect(
      releaseStatuses(
        { overlays: [overlay('x', { type: 'camera', device: 'cam' })], statusMapping: { rules: [], custom: [] } },
        { items: [{ id: 'x', raw: 'alarm', status: 'alarm' }] },
      ),
    ).toEqual([{ externalId: 'x', status: 'alarm' }]);
  });
});
