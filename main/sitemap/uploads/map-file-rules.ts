import { OutpostError, type AssetKind } from '../../contract/index.js';
import { detectMapFileType, type MapFileType } from './sitemap-upload-type.js';

/*
 * What a site-map upload must be, in the user's words. Used by the map-file worker (svg-job.ts), which
 * checks every upload off the Core's event loop, and by the Core for the size it can tell before
 * queueing (a file far too large never waits for a worker).
 */

export function checkMapFileSize(kind: AssetKind, size: number, limit: number): void {
  if (size <= limit) return;
  const what = kind === 'basemap' ? 'The base map' : 'The overlay SVG';
  const advice =
    kind === 'basemap'
      ? 'Export it at a lower resolution (or as JPEG) and upload it again, or ask an admin to raise sitemap.maxBasemapBytes.'
      : 'Simplify the drawing and upload it again, or ask an admin to raise sitemap.maxOverlaySvgBytes.';
  throw fileError('payload_too_large', `${what} is ${sizeText(size)}; the limit is ${sizeText(limit)}. ${advice}`);
}

export function emptyMapFile(fileName: string): OutpostError {
  return fileError(
    'invalid_input',
    `"${fileName}" is empty. Choose the exported image or drawing and upload it again.`,
  );
}

/** The file's type from its bytes, when the layer takes it; else unsupported_media_type saying what to send. */
export function acceptedMapFileType(kind: AssetKind, fileName: string, bytes: Buffer): MapFileType {
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

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

function fileError(code: 'invalid_input' | 'unsupported_media_type' | 'payload_too_large', message: string) {
  return new OutpostError(code, message, { issues: [{ path: 'file', message }] });
}
