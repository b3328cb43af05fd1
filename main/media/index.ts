/**
 * Media (DESIGN.md "Media"): the content-addressed blob store, media rows with their own ids,
 * ffprobe checks and faststart remux on intake, thumbnails and preview strips, signed links for
 * streaming, retention, export and the encrypted S3 archive. Other modules import only this door.
 */
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
export { mediaRoutes } from './media-route.js';
export { createMediaSlice, type MediaSlice, type MediaSliceDeps } from './media-slice.js';
export { authorizedMediaFile, type MediaAccess, type MediaCredentials, type MediaFile } from './media-access.js';
export type { MediaIntake } from './media-intake.js';
export type { JobRunner } from './media-jobs.js';
export { mediaHandlers, archiveHandlers, type MediaHandlerDeps } from './handlers.js';
export { createSealedKeyStore, type ArchiveKeyStore, type KeySealer } from './archive/key-store.js';
export type { S3Transport } from './archive/s3-client.js';
export type { FreeSpaceSource } from './retention.js';
export type { FetchFn } from './frigate-fetcher.js';
