import { OutpostError, type AssetKind, type OverlayShape, type UploadAssetOutput } from '../../contract/index.js';
import { overlaysForShapes } from '../shape-overlays.js';
import type { ProcessedSvg, SvgProcessRequest } from '../svg-processor.js';
import type { SiteScope } from '../../store/index.js';
import type { SitemapHandlerDeps } from '../handlers/handler-deps.js';
import { detectMapFileType, type MapFileType } from './sitemap-upload-type.js';

export interface MapUpload {
  kind: AssetKind;
  fileName: string;
  contentBase64: string;
}

/**
 * Stores an uploaded base map or overlay layer in the site's draft: checks its size and type from
 * its bytes, sanitises SVGs (what is stored, served and drawn is only ever the sanitised text),
 * stores the bytes content-addressed, records the layer and, for an overlay layer, creates an
 * unbound overlay for each shape with an id that no overlay references yet.
 */
export async function uploadMapAsset(
  deps: Pick<SitemapHandlerDeps, 'store' | 'bus' | 'config' | 'blobs' | 'logger' | 'svg'>,
  scope: SiteScope,
  userId: string,
  upload: MapUpload,
): Promise<UploadAssetOutput> {
  const { kind, fileName } = upload;
  const limit = kind === 'basemap' ? deps.config.sitemap.maxBasemapBytes : deps.config.sitemap.maxOverlaySvgBytes;
  // Measured before decoding, so an oversized upload never takes its full size in memory twice.
  checkSize(kind, base64DecodedLength(upload.contentBase64), limit);
  const bytes = Buffer.from(upload.contentBase64, 'base64');
  if (bytes.length === 0) {
    throw fileError(
      'invalid_input',
      `"${fileName}" is empty. Choose the exported image or drawing and upload it again.`,
    );
  }
  const type = acceptedType(kind, fileName, bytes);

  let stored = bytes;
  let removed: string[] = [];
  let shapes: OverlayShape[] = [];
  if (type === 'image/svg+xml') {
    // In the SVG worker: sanitising a big drawing takes seconds that the Core's event loop must not wait out.
    const { sanitized: clean, overlays: extracted } = await checkSvg(deps, scope, bytes, {
      tenantId: scope.tenantId,
      maxBytes: limit,
      extract: kind === 'overlay',
    });
    stored = Buffer.from(clean.svg, 'utf8');
    removed = clean.removed;
    if (extracted) {
      shapes = extracted.overlays.map((o) => ({
        shapeId: o.shapeId,
        kind: o.kind,
        label: o.label,
        ...(o.bbox ? { bbox: { x: o.bbox.x, y: o.bbox.y, width: o.bbox.width, height: o.bbox.height } } : {}),
      }));
      if (extracted.warnings.length > 0) {
        deps.logger.debug({ siteId: scope.siteId, warnings: extracted.warnings }, 'Overlay layer shapes');
      }
    }
  }

  const { sha256, size } = await deps.blobs.putBytes(stored, type);
  // Read and written with no await in between, so no other save can slip between them.
  const creates = kind === 'overlay' ? overlaysForShapes(shapes, deps.store.sitemap.overlays(scope)) : [];
  const result = deps.store.sitemap.addLayer(
    scope,
    { kind, sha256, contentType: type, size, fileName, removed, shapes, createdBy: userId },
    creates,
  );
  deps.bus.publish(scope.tenantId, 'sitemap.changed', { siteId: scope.siteId, revision: result.revision });
  return { assetId: result.asset.id, kind, removed, overlaysCreated: result.overlaysCreated };
}

async function checkSvg(
  deps: Pick<SitemapHandlerDeps, 'svg' | 'logger'>,
  scope: SiteScope,
  bytes: Buffer,
  request: SvgProcessRequest,
): Promise<ProcessedSvg> {
  try {
    return await deps.svg.process(bytes, request);
  } catch (err) {
    // The user sees the generic `internal` message; what went wrong (never the file) is for the log.
    if (err instanceof OutpostError && err.code === 'internal') {
      deps.logger.error({ err: err.cause ?? err, siteId: scope.siteId }, 'Checking an uploaded SVG failed');
    }
    throw err;
  }
}

function acceptedType(kind: AssetKind, fileName: string, bytes: Buffer): MapFileType {
  const detected = detectMapFileType(bytes);
  if (kind === 'basemap') {
    if (detected.type !== null) return detected.type;
    throw fileError(
      'unsupported_media_type',
      `A base map must be a PNG, JPEG or SVG file, but "${fileName}" is ${detected.found}. Export the plan as PNG, JPEG or SVG and upload it again.`,
    );
  }
  if (detected.type === 'image/svg+xml') return detected.type;
  const found = detected.type === null ? detected.found : `a ${detected.type === 'image/png' ? 'PNG' : 'JPEG'} image`;
  throw fileError(
    'unsupported_media_type',
    `An overlay layer must be an SVG drawing (its shapes with ids become overlays), but "${fileName}" is ${found}. Export the overlay drawing as SVG and upload it again, or upload pictures as the base map.`,
  );
}

function checkSize(kind: AssetKind, size: number, limit: number): void {
  if (size <= limit) return;
  const what = kind === 'basemap' ? 'The base map' : 'The overlay SVG';
  const advice =
    kind === 'basemap'
      ? 'Export it at a lower resolution (or as JPEG) and upload it again, or ask an admin to raise sitemap.maxBasemapBytes.'
      : 'Simplify the drawing and upload it again, or ask an admin to raise sitemap.maxOverlaySvgBytes.';
  throw fileError('payload_too_large', `${what} is ${sizeText(size)}; the limit is ${sizeText(limit)}. ${advice}`);
}

/** Bytes that base64 text decodes to (padded or not). */
export function base64DecodedLength(text: string): number {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return Math.floor((text.length * 3) / 4) - padding;
}

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

function fileError(code: 'invalid_input' | 'unsupported_media_type' | 'payload_too_large', message: string) {
  return new OutpostError(code, message, { issues: [{ path: 'file', message }] });
}
