/** Media: the content-addressed blob store (streaming, thumbnails, retention and archive build on it). */
export { createBlobStore, DEFAULT_MAX_BLOB_BYTES, type BlobStore } from './blob-store.js';
export { blobPath, isSha256 } from './blob-paths.js';
export {
  sniffMediaType,
  declaredMediaType,
  isSupportedMediaType,
  SUPPORTED_MEDIA_TYPES,
  type SupportedMediaType,
} from './media-sniff.js';
export type { BlobWriter, MediaRef } from './media-ref.js';
// Access to stored snapshots and clips: GET /api/media/{sha256}, for the tenant whose events reference them.
export { createMediaAccess, type MediaAccess, type MediaFile } from './media-access.js';
export { mediaRoutes } from './media-route.js';
