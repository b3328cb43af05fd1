import type { Database } from '../../native/sqlite/index.js';
import type { Overlay, OverlayShape } from '../contract/index.js';
import { newId } from './ids.js';
import { OVERLAY_COLUMNS, overlayParams, toOverlay, type OverlayParams, type OverlayRecord } from './overlay-rows.js';
import type { SiteScope } from './pipeline-types.js';

/** A layer of the draft as a document holds it: the file by hash and what sanitising found in it. */
interface LayerBody {
  sha256: string;
  contentType: string;
  size: number;
  fileName: string;
  removed: string[];
  shapes: OverlayShape[];
}

interface DraftBody {
  basemap: LayerBody | null;
  overlay: LayerBody | null;
  overlays: Record<string, Omit<Overlay, 'externalId'>>;
}

/**
 * A site's draft map as one document: its two layers (files by SHA-256, which travel separately)
 * and its overlays keyed by external id, so two people editing different overlays merge cleanly.
 * Writing it replaces the draft's layers and overlays and bumps its revision once (editors open on
 * it see the change like any other save). A site whose map was never edited has no document.
 */
export function createSyncDraftDocs(db: Database) {
  const header = db.prepare<[string, string], { revision: number; basemap: string | null; overlay: string | null }>(
    `SELECT revision, basemap_asset_id AS basemap, overlay_asset_id AS overlay FROM sitemap_drafts WHERE site_id = ? AND tenant_id = ?`,
  );
  const asset = db.prepare<[string, string], LayerBody>(
    `SELECT sha256, content_type AS contentType, size, file_name AS fileName, removed, shapes FROM sitemap_assets WHERE id = ? AND site_id = ?`,
  );
  const overlays = db.prepare<[string, string], OverlayRecord>(
    `SELECT ${OVERLAY_COLUMNS} FROM sitemap_overlays WHERE site_id = ? AND tenant_id = ? ORDER BY external_id`,
  );
  const assetBySha = db
    .prepare<[string, string, string], string>(
      'SELECT id FROM sitemap_assets WHERE site_id = ? AND kind = ? AND sha256 = ? ORDER BY created_at DESC LIMIT 1',
    )
    .pluck();
  const insertAsset = db.prepare(
    `INSERT INTO sitemap_assets (id, tenant_id, site_id, kind, sha256, content_type, size, file_name, removed, shapes, created_at, created_by)
     VALUES (@id, @tenantId, @siteId, @kind, @sha256, @contentType, @size, @fileName, @removed, @shapes, @at, 'sync')`,
  );
  const bump = db.prepare<[string, string, number, string | null, string | null]>(
    `INSERT INTO sitemap_drafts (site_id, tenant_id, revision, updated_at, basemap_asset_id, overlay_asset_id) VALUES (?, ?, 1, ?, ?, ?)
     ON CONFLICT (site_id) DO UPDATE SET revision = revision + 1, updated_at = max(updated_at, excluded.updated_at),
       basemap_asset_id = excluded.basemap_asset_id, overlay_asset_id = excluded.overlay_asset_id`,
  );
  const upsertOverlay = db.prepare<OverlayParams>(
    `INSERT INTO sitemap_overlays (site_id, tenant_id, external_id, shape_id, label, binding_type, binding_target, layer, properties, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (site_id, external_id) DO UPDATE SET shape_id = excluded.shape_id, label = excluded.label,
       binding_type = excluded.binding_type, binding_target = excluded.binding_target, layer = excluded.layer,
       properties = excluded.properties, updated_at = excluded.updated_at`,
  );
  const deleteOverlay = db.prepare<[string, string, string]>(
    'DELETE FROM sitemap_overlays WHERE site_id = ? AND tenant_id = ? AND external_id = ?',
  );

  const layer = (id: string | null, siteId: string): LayerBody | null => {
    if (id === null) return null;
    const row = asset.get(id, siteId) as
      (Omit<LayerBody, 'removed' | 'shapes'> & { removed: string; shapes: string }) | undefined;
    if (!row) return null;
    return { ...row, removed: JSON.parse(row.removed) as string[], shapes: JSON.parse(row.shapes) as OverlayShape[] };
  };

  function read(scope: SiteScope): DraftBody | null {
    const h = header.get(scope.siteId, scope.tenantId);
    if (!h || h.revision === 0) return null;
    const byId: DraftBody['overlays'] = {};
    for (const r of overlays.all(scope.siteId, scope.tenantId)) {
      const { externalId, ...rest } = toOverlay(r);
      Object.defineProperty(byId, externalId, { value: rest, enumerable: true, writable: true, configurable: true });
    }
    return { basemap: layer(h.basemap, scope.siteId), overlay: layer(h.overlay, scope.siteId), overlays: byId };
  }

  function layerId(scope: SiteScope, kind: 'basemap' | 'overlay', body: LayerBody | null, at: number): string | null {
    if (body === null) return null;
    const found = assetBySha.get(scope.siteId, kind, body.sha256);
    if (found !== undefined) return found;
    const id = newId();
    insertAsset.run({
      id,
      tenantId: scope.tenantId,
      siteId: scope.siteId,
      kind,
      sha256: body.sha256,
      contentType: body.contentType,
      size: body.size,
      fileName: body.fileName,
      removed: JSON.stringify(body.removed),
      shapes: JSON.stringify(body.shapes),
      at,
    });
    return id;
  }

  function write(scope: SiteScope, body: DraftBody | null, at: number): void {
    const wanted = body ?? { basemap: null, overlay: null, overlays: {} };
    const basemap = layerId(scope, 'basemap', wanted.basemap, at);
    const overlay = layerId(scope, 'overlay', wanted.overlay, at);
    for (const r of overlays.all(scope.siteId, scope.tenantId)) {
      if (!Object.hasOwn(wanted.overlays, r.externalId)) deleteOverlay.run(scope.siteId, scope.tenantId, r.externalId);
    }
    for (const [externalId, o] of Object.entries(wanted.overlays)) {
      upsertOverlay.run(...overlayParams(scope.siteId, scope.tenantId, { externalId, ...o }, at));
    }
    bump.run(scope.siteId, scope.tenantId, at, basemap, overlay);
  }

  /** The files a draft body names (they must be on this side before it is written). */
  const files = (body: DraftBody | null): string[] =>
    body === null ? [] : [body.basemap, body.overlay].flatMap((l) => (l ? [l.sha256] : []));

  return { read, write, files };
}
