import { OutpostError, type AssetKind, type OverlayShape } from '../contract/index.js';
import type { Database, Statement } from '../../native/sqlite/index.js';
import { newId } from './ids.js';
import { OVERLAY_COLUMNS, overlayParams, toOverlay, type OverlayParams, type OverlayRecord } from './overlay-rows.js';
import type { SiteScope } from './pipeline-types.js';
import { createSiteLookup } from './site-lookup.js';
import type { OverlayChanges, SitemapAssetRow, SitemapDraftRow, SitemapRepository } from './sitemap-types.js';

/** Zone names come from this many of the site's newest events: enough for suggestions, bounded in cost. */
const ZONE_EVENTS_SCANNED = 5000;

const ASSET_COLUMNS = `id, tenant_id AS tenantId, site_id AS siteId, kind, sha256, content_type AS contentType, size,
  file_name AS fileName, removed, shapes, created_at AS createdAt, created_by AS createdBy`;

type AssetRecord = Omit<SitemapAssetRow, 'removed' | 'shapes'> & { removed: string; shapes: string };

function toAsset(r: AssetRecord): SitemapAssetRow {
  return { ...r, removed: JSON.parse(r.removed) as string[], shapes: JSON.parse(r.shapes) as OverlayShape[] };
}

export function createSitemapRepository(db: Database): SitemapRepository {
  const requireSite = createSiteLookup(db);

  const draftRow = db.prepare<[string, string], SitemapDraftRow>(
    `SELECT site_id AS siteId, revision, updated_at AS updatedAt, basemap_asset_id AS basemapAssetId,
       overlay_asset_id AS overlayAssetId
     FROM sitemap_drafts WHERE site_id = ? AND tenant_id = ?`,
  );
  const revisionOf = db
    .prepare<[string, string], number>('SELECT revision FROM sitemap_drafts WHERE site_id = ? AND tenant_id = ?')
    .pluck();
  // Every saved change goes through here: it creates the draft row on the site's first edit.
  const bump = db
    .prepare<[string, string, number], number>(
      `INSERT INTO sitemap_drafts (site_id, tenant_id, revision, updated_at) VALUES (?, ?, 1, ?)
       ON CONFLICT (site_id) DO UPDATE SET revision = revision + 1, updated_at = max(updated_at, excluded.updated_at)
       RETURNING revision`,
    )
    .pluck();
  const setLayer: Record<AssetKind, Statement<[string | null, string, string]>> = {
    basemap: db.prepare('UPDATE sitemap_drafts SET basemap_asset_id = ? WHERE site_id = ? AND tenant_id = ?'),
    overlay: db.prepare('UPDATE sitemap_drafts SET overlay_asset_id = ? WHERE site_id = ? AND tenant_id = ?'),
  };

  const overlays = db.prepare<[string, string], OverlayRecord>(
    `SELECT ${OVERLAY_COLUMNS} FROM sitemap_overlays WHERE site_id = ? AND tenant_id = ? ORDER BY external_id`,
  );
  const insertOverlay = `INSERT INTO sitemap_overlays
       (site_id, tenant_id, external_id, shape_id, label, binding_type, binding_target, layer, properties, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
  const upsertOverlay = db.prepare<OverlayParams>(
    `${insertOverlay}
     ON CONFLICT (site_id, external_id) DO UPDATE SET
       shape_id = excluded.shape_id, label = excluded.label, binding_type = excluded.binding_type,
       binding_target = excluded.binding_target, layer = excluded.layer, properties = excluded.properties,
       updated_at = excluded.updated_at`,
  );
  const createOverlay = db.prepare<OverlayParams>(`${insertOverlay} ON CONFLICT (site_id, external_id) DO NOTHING`);
  const deleteOverlay = db.prepare<[string, string, string]>(
    'DELETE FROM sitemap_overlays WHERE site_id = ? AND tenant_id = ? AND external_id = ?',
  );
  const deleteAllOverlays = db.prepare<[string, string]>(
    'DELETE FROM sitemap_overlays WHERE site_id = ? AND tenant_id = ?',
  );

  const insertAsset = db.prepare<[AssetRecord]>(
    `INSERT INTO sitemap_assets
       (id, tenant_id, site_id, kind, sha256, content_type, size, file_name, removed, shapes, created_at, created_by)
     VALUES (@id, @tenantId, @siteId, @kind, @sha256, @contentType, @size, @fileName, @removed, @shapes, @createdAt,
       @createdBy)`,
  );
  const assetById = db.prepare<[string, string, string], AssetRecord>(
    `SELECT ${ASSET_COLUMNS} FROM sitemap_assets WHERE id = ? AND site_id = ? AND tenant_id = ?`,
  );

  // Only zones given as a list of strings count (Frigate's `attributes.zones`); anything else there is ignored.
  const zones = db.prepare<[string, string, number, string, number], { name: string; lastSeen: number }>(
    `WITH recent AS (
       SELECT time, attributes FROM events
       WHERE tenant_id = ? AND site_id = ?
       ORDER BY time DESC LIMIT ?
     )
     SELECT z.value AS name, max(r.time) AS lastSeen
     FROM recent r, json_each(r.attributes, '$.zones') z
     WHERE json_type(r.attributes, '$.zones') = 'array' AND z.type = 'text' AND instr(lower(z.value), lower(?)) > 0
     GROUP BY z.value
     ORDER BY name COLLATE NOCASE, name
     LIMIT ?`,
  );

  const applyChanges = db.transaction((scope: SiteScope, changes: OverlayChanges) => {
    requireSite(scope);
    const current = revisionOf.get(scope.siteId, scope.tenantId) ?? 0;
    if (changes.baseRevision !== undefined && changes.baseRevision !== current) {
      throw new OutpostError(
        'conflict',
        `The map was changed by someone else (now at revision ${current}). Reload it and make your change again.`,
      );
    }
    const deleted = new Set(changes.deletes);
    const both = changes.upserts.find((o) => deleted.has(o.externalId));
    if (both) {
      throw new OutpostError(
        'invalid_input',
        `Overlay ${both.externalId} is both saved and deleted in the same change. Keep it in one of the two lists.`,
      );
    }
    if (changes.upserts.length === 0 && deleted.size === 0) return { revision: current };
    const now = Date.now();
    for (const o of changes.upserts) upsertOverlay.run(...overlayParams(scope.siteId, scope.tenantId, o, now));
    for (const id of deleted) deleteOverlay.run(scope.siteId, scope.tenantId, id);
    return { revision: bump.get(scope.siteId, scope.tenantId, now) ?? 0 };
  });

  const addLayer = db.transaction(
    (
      scope: SiteScope,
      data: Parameters<SitemapRepository['addLayer']>[1],
      createOverlays: Parameters<SitemapRepository['addLayer']>[2],
    ) => {
      requireSite(scope);
      const now = Date.now();
      const asset: SitemapAssetRow = {
        id: newId(),
        tenantId: scope.tenantId,
        siteId: scope.siteId,
        kind: data.kind,
        sha256: data.sha256,
        contentType: data.contentType,
        size: data.size,
        fileName: data.fileName,
        removed: [...data.removed],
        shapes: [...data.shapes],
        createdAt: now,
        createdBy: data.createdBy,
      };
      insertAsset.run({ ...asset, removed: JSON.stringify(asset.removed), shapes: JSON.stringify(asset.shapes) });
      const revision = bump.get(scope.siteId, scope.tenantId, now) ?? 0;
      setLayer[asset.kind].run(asset.id, scope.siteId, scope.tenantId);
      let overlaysCreated = 0;
      for (const o of createOverlays ?? []) {
        overlaysCreated += createOverlay.run(...overlayParams(scope.siteId, scope.tenantId, o, now)).changes;
      }
      return { asset, revision, overlaysCreated };
    },
  );

  const clear = db.transaction((scope: SiteScope, what: 'basemap' | 'overlay' | 'overlays') => {
    requireSite(scope);
    const revision = bump.get(scope.siteId, scope.tenantId, Date.now()) ?? 0;
    if (what === 'overlays') deleteAllOverlays.run(scope.siteId, scope.tenantId);
    else setLayer[what].run(null, scope.siteId, scope.tenantId);
    return { revision };
  });

  return {
    draft: (scope) =>
      draftRow.get(scope.siteId, scope.tenantId) ?? {
        siteId: scope.siteId,
        revision: 0,
        updatedAt: null,
        basemapAssetId: null,
        overlayAssetId: null,
      },
    overlays: (scope) => overlays.all(scope.siteId, scope.tenantId).map(toOverlay),
    asset(scope, assetId) {
      const row = assetById.get(assetId, scope.siteId, scope.tenantId);
      return row && toAsset(row);
    },
    addLayer: (scope, asset, createOverlays) => addLayer(scope, asset, createOverlays),
    applyOverlayChanges: (scope, changes) => applyChanges(scope, changes),
    clear: (scope, what) => clear(scope, what),
    zones: (scope, query, limit) =>
      zones.all(scope.tenantId, scope.siteId, ZONE_EVENTS_SCANNED, query, Math.max(0, Math.floor(limit))),
  };
}
