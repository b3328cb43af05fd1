import { readFile } from 'node:fs/promises';
import { OutpostError, type FieldIssue, type SitemapAsset } from '../../contract/index.js';
import { statusLegend } from '../status-mapping.js';
import type { SitemapAssetRow, SiteScope, Store } from '../../store/index.js';
import { sessionOf, type HandlerTable } from '../../core/slice-kit/index.js';
import type { SitemapHandlerDeps } from './handler-deps.js';
import { importOverlays } from '../sitemap-import.js';
import { uploadMapAsset } from '../uploads/sitemap-uploads.js';
import { requireSite } from '../../sites/index.js';

type Owned =
  | 'sitemap.get'
  | 'sitemap.uploadAsset'
  | 'sitemap.assetContent'
  | 'sitemap.saveOverlays'
  | 'sitemap.importOverlays'
  | 'sitemap.clear';

export function draftHandlers(deps: SitemapHandlerDeps) {
  const { store, bus } = deps;
  const changed = (scope: SiteScope, revision: number): void =>
    bus.publish(scope.tenantId, 'sitemap.changed', { siteId: scope.siteId, revision });

  return {
    'sitemap.get': (input, ctx) => {
      const { scope } = requireSite(store, ctx, input.siteId);
      const draft = store.sitemap.draft(scope);
      const basemap = layer(store, scope, draft.basemapAssetId);
      const overlayLayer = layer(store, scope, draft.overlayAssetId);
      const { statusMapping } = store.integrations.get(scope);
      return {
        siteId: scope.siteId,
        revision: draft.revision,
        updatedAt: draft.updatedAt,
        basemap: basemap ? toSitemapAsset(basemap) : null,
        overlayLayer: overlayLayer ? toSitemapAsset(overlayLayer) : null,
        shapes: overlayLayer?.shapes ?? [],
        overlays: store.sitemap.overlays(scope),
        statusMapping,
        legend: statusLegend(statusMapping),
      };
    },

    'sitemap.uploadAsset': async (input, ctx) => {
      const { scope } = requireSite(store, ctx, input.siteId);
      return uploadMapAsset(deps, scope, sessionOf(ctx).userId, input);
    },

    'sitemap.assetContent': async (input, ctx) => {
      const { scope } = requireSite(store, ctx, input.siteId);
      const asset = store.sitemap.asset(scope, input.assetId);
      if (!asset) {
        throw new OutpostError(
          'not_found',
          `Site ${scope.siteId} has no map file ${input.assetId}. sitemap.get lists the current ones.`,
          { issues: [{ path: 'assetId', message: 'no such file on this site' }] },
        );
      }
      let bytes: Buffer;
      try {
        bytes = await readFile(deps.blobs.path(asset.sha256));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        throw new OutpostError(
          'not_found',
          `The stored file of ${asset.fileName} is missing from this installation. Upload it again.`,
          { cause: err },
        );
      }
      return { contentType: asset.contentType, sha256: asset.sha256, contentBase64: bytes.toString('base64') };
    },

    'sitemap.saveOverlays': (input, ctx) => {
      const { scope } = requireSite(store, ctx, input.siteId);
      const issues = ambiguousEdits(
        input.upserts.map((o) => o.externalId),
        input.deletes,
      );
      if (issues.length > 0) {
        throw new OutpostError(
          'invalid_input',
          `${issues[0]!.message} Nothing was saved: send each overlay once, either as an upsert or as a delete.`,
          { issues },
        );
      }
      const result = store.sitemap.applyOverlayChanges(scope, {
        baseRevision: input.baseRevision,
        upserts: input.upserts,
        deletes: input.deletes,
      });
      changed(scope, result.revision);
      return { revision: result.revision };
    },

    'sitemap.importOverlays': async (input, ctx) => {
      const { scope } = requireSite(store, ctx, input.siteId);
      return importOverlays(deps, scope, input);
    },

    'sitemap.clear': (input, ctx) => {
      const { scope } = requireSite(store, ctx, input.siteId);
      const result = store.sitemap.clear(scope, input.what);
      changed(scope, result.revision);
      return { ok: true as const };
    },
  } satisfies Pick<HandlerTable, Owned>;
}

function layer(store: Store, scope: SiteScope, assetId: string | null): SitemapAssetRow | undefined {
  return assetId === null ? undefined : store.sitemap.asset(scope, assetId);
}

/** Only the contract's fields: the row's tenant, site and uploader stay inside. */
function toSitemapAsset(row: SitemapAssetRow): SitemapAsset {
  return {
    id: row.id,
    kind: row.kind,
    sha256: row.sha256,
    contentType: row.contentType,
    size: row.size,
    fileName: row.fileName,
    removed: row.removed,
    createdAt: row.createdAt,
  };
}

/** An external id upserted twice, or both upserted and deleted: the save would not say which the user meant. */
function ambiguousEdits(upserts: readonly string[], deletes: readonly string[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const firstUpsert = new Map<string, number>();
  upserts.forEach((id, i) => {
    const first = firstUpsert.get(id);
    if (first === undefined) firstUpsert.set(id, i);
    else issues.push({ path: `upserts.${i}.externalId`, message: `"${id}" is also upserts item ${first}.` });
  });
  deletes.forEach((id, i) => {
    const upserted = firstUpsert.get(id);
    if (upserted !== undefined) {
      issues.push({ path: `deletes.${i}`, message: `"${id}" is both deleted and upserts item ${upserted}.` });
    }
  });
  return issues;
}
