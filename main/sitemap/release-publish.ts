import { OutpostError, type ReleaseEnv } from '../contract/index.js';
import { buildReleaseManifest } from './index.js';
import type { ReleaseAssetRef, ReleaseRow, SiteRow, SiteScope, Store } from '../store/index.js';

export interface PublishRequest {
  env: ReleaseEnv;
  note: string;
  publishedBy: string;
  publishedAt: number;
}

/**
 * Publishes the site's draft as a new immutable release, current in `request.env`. The manifest
 * is built inside the store's transaction from the version it hands out, so two publishes at once
 * can never share a version. It holds the draft's overlays, the integration's status mapping (as
 * it is now: later mapping edits do not reach this release) and the draft's files by SHA-256.
 */
export function publishDraft(store: Store, site: SiteRow, scope: SiteScope, request: PublishRequest): ReleaseRow {
  const draft = store.sitemap.draft(scope);
  const overlays = store.sitemap.overlays(scope);
  const assets: ReleaseAssetRef[] = [];
  for (const assetId of [draft.basemapAssetId, draft.overlayAssetId]) {
    const asset = assetId === null ? undefined : store.sitemap.asset(scope, assetId);
    if (asset)
      assets.push({ role: asset.kind, sha256: asset.sha256, contentType: asset.contentType, size: asset.size });
  }
  if (overlays.length === 0 && !assets.some((a) => a.role === 'basemap')) {
    throw new OutpostError(
      'invalid_input',
      'There is nothing to publish yet: upload a base map or add overlays first.',
      { issues: [{ path: 'siteId', message: 'the draft map is empty' }] },
    );
  }
  const { statusMapping } = store.integrations.get(scope);
  return store.releases.publish(scope, {
    env: request.env,
    note: request.note,
    publishedBy: request.publishedBy,
    publishedAt: request.publishedAt,
    overlays: overlays.length,
    assets,
    build(version) {
      const built = buildReleaseManifest({
        site: { id: site.id, slug: site.slug, name: site.name },
        version,
        env: request.env,
        overlays,
        statusMapping,
        assets,
        publishedBy: request.publishedBy,
        publishedAt: request.publishedAt,
        note: request.note,
      });
      return { json: built.json, sha256: built.sha256 };
    },
  });
}
