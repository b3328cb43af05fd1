import type { UploadAssetOutput } from '../../contract/index.js';
import type { CallContext, Core } from '../core-types.js';

/**
 * Tenant A's site map for the RBAC matrix, made through the Core by an admin: a base map, one
 * overlay, and releases 1 (production) and 2 (staging), so every site-map and release method has
 * something to read, publish, roll back and diff whoever calls it.
 */
export interface SitemapFixtures {
  siteId: string;
  assetId: string;
}

/** A real 1×1 PNG, base64. */
export const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

export async function seedSitemap(core: Core, admin: CallContext, siteId: string): Promise<SitemapFixtures> {
  const upload = (await core.call(
    'sitemap.uploadAsset',
    { siteId, kind: 'basemap', fileName: 'yard.png', contentBase64: PNG_BASE64 },
    admin,
  )) as UploadAssetOutput;
  await core.call(
    'sitemap.saveOverlays',
    { siteId, upserts: [{ externalId: 'gate', shapeId: null, label: 'Gate', binding: null }], deletes: [] },
    admin,
  );
  await core.call('releases.publish', { siteId, env: 'production', note: 'matrix v1' }, admin);
  await core.call('releases.publish', { siteId, env: 'staging', note: 'matrix v2' }, admin);
  return { siteId, assetId: upload.assetId };
}
