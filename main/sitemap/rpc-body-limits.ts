import type { Config } from '../core/slice-kit/index.js';
import type { LargeRpcBody } from '../server/route-kit/index.js';

/**
 * Bytes of JSON one overlay import row may take on average: an external id, a shape id, a label, a
 * binding and a few properties, JSON-escaped. Rows with many long properties need a smaller file.
 */
export const IMPORT_BYTES_PER_ROW = 256;

/** Room for the rest of the JSON around a base64 file (site id, kind, file name). */
const UPLOAD_ENVELOPE_BYTES = 64 * 1024;

/**
 * The rpc methods whose JSON bodies carry whole files, with a body limit of their own instead of
 * `server.bodyLimitBytes` (1 MiB by default, right for every other method). Each limit follows the
 * sitemap settings that bound what the method accepts anyway, so raising those raises it too:
 * `sitemap.uploadAsset` takes the larger asset limit in base64 (the IPC path; HTTP clients should
 * use the multipart `POST /api/sites/{siteId}/assets`), `sitemap.importOverlays` takes
 * `sitemap.maxImportRows` rows at IMPORT_BYTES_PER_ROW each (a 10,000-row CSV is about 0.6 MB, a
 * 50,000-row one can pass 1 MiB). Never below `server.bodyLimitBytes`.
 */
export function largeBodyMethods(config: Pick<Config, 'server' | 'sitemap'>): LargeRpcBody[] {
  const { bodyLimitBytes } = config.server;
  const { maxBasemapBytes, maxOverlaySvgBytes, maxImportRows } = config.sitemap;
  const largestAsset = Math.max(maxBasemapBytes, maxOverlaySvgBytes);
  return [
    {
      method: 'sitemap.uploadAsset',
      limitBytes: Math.max(bodyLimitBytes, Math.ceil(largestAsset / 3) * 4 + UPLOAD_ENVELOPE_BYTES),
      hint: 'Send a smaller file, upload it as multipart to POST /api/sites/{siteId}/assets, or raise sitemap.maxBasemapBytes / sitemap.maxOverlaySvgBytes.',
    },
    {
      method: 'sitemap.importOverlays',
      limitBytes: Math.max(bodyLimitBytes, maxImportRows * IMPORT_BYTES_PER_ROW),
      hint: 'Split the file and import the parts one after the other, or raise sitemap.maxImportRows.',
    },
  ];
}
