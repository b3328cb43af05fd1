import {
  OutpostError,
  type AssetKind,
  type Base64File,
  type OverlayShape,
  type UploadAssetOutput,
} from '../../contract/index.js';
import { overlaysForShapes } from '../shape-overlays.js';
import type { CheckedMapFile, MapFileCheck } from '../svg-processor.js';
import type { SiteScope } from '../../store/index.js';
import type { SitemapHandlerDeps } from '../handlers/handler-deps.js';
import { checkMapFileSize } from './map-file-rules.js';

export interface MapUpload {
  kind: AssetKind;
  fileName: string;
  /** The file as base64 (rpc, IPC) or as bytes (the multipart route); exactly one. */
  contentBase64?: Base64File | undefined;
  content?: Uint8Array | undefined;
}

/**
 * Stores an uploaded base map or overlay layer in the site's draft. Everything that reads the whole
 * file (decoding base64, the type from its bytes, sanitising an SVG, listing its shapes, the SHA-256)
 * runs in the map-file worker, fair between tenants; the Core's event loop only installs the checked
 * bytes under that hash, records the layer and, for an overlay layer, creates an unbound overlay for
 * each shape with an id that no overlay references yet. What is stored, served and drawn is only ever
 * the sanitised text.
 */
export async function uploadMapAsset(
  deps: Pick<SitemapHandlerDeps, 'store' | 'bus' | 'config' | 'blobs' | 'logger' | 'svg'>,
  scope: SiteScope,
  userId: string,
  upload: MapUpload,
): Promise<UploadAssetOutput> {
  const { kind, fileName } = upload;
  const limit = kind === 'basemap' ? deps.config.sitemap.maxBasemapBytes : deps.config.sitemap.maxOverlaySvgBytes;
  // From the length alone, before the file waits for a worker.
  checkMapFileSize(kind, upload.content?.byteLength ?? upload.contentBase64?.decodedBytes ?? 0, limit);
  const file: MapFileCheck['file'] = upload.content ?? { base64: upload.contentBase64?.base64 ?? '' };
  const checked = await checkFile(deps, scope, { tenantId: scope.tenantId, kind, fileName, maxBytes: limit, file });

  const shapes: OverlayShape[] = (checked.overlays?.overlays ?? []).map((o) => ({
    shapeId: o.shapeId,
    kind: o.kind,
    label: o.label,
    ...(o.bbox ? { bbox: { x: o.bbox.x, y: o.bbox.y, width: o.bbox.width, height: o.bbox.height } } : {}),
  }));
  if (checked.overlays && checked.overlays.warnings.length > 0) {
    deps.logger.debug({ siteId: scope.siteId, warnings: checked.overlays.warnings }, 'Overlay layer shapes');
  }
  const { sha256, size } = await deps.blobs.putHashed(checked.bytes, checked.sha256, checked.contentType);
  const removed = checked.removed;
  // Read and written with no await in between, so no other save can slip between them.
  const creates = kind === 'overlay' ? overlaysForShapes(shapes, deps.store.sitemap.overlays(scope)) : [];
  const result = deps.store.sitemap.addLayer(
    scope,
    { kind, sha256, contentType: checked.contentType, size, fileName, removed, shapes, createdBy: userId },
    creates,
  );
  deps.bus.publish(scope.tenantId, 'sitemap.changed', { siteId: scope.siteId, revision: result.revision });
  return { assetId: result.asset.id, kind, removed, overlaysCreated: result.overlaysCreated };
}

async function checkFile(
  deps: Pick<SitemapHandlerDeps, 'svg' | 'logger'>,
  scope: SiteScope,
  request: MapFileCheck,
): Promise<CheckedMapFile> {
  try {
    return await deps.svg.check(request);
  } catch (err) {
    // The user sees the generic `internal` message; what went wrong (never the file) is for the log.
    if (err instanceof OutpostError && err.code === 'internal') {
      deps.logger.error({ err: err.cause ?? err, siteId: scope.siteId }, 'Checking an uploaded map file failed');
    }
    throw err;
  }
}
