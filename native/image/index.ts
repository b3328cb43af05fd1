/**
 * Snapshot pictures (DESIGN.md: only native/ loads native addons): libvips through sharp, in worker
 * threads on the shared fair pool, JPEG and PNG only. Clips stay with native/ffmpeg.
 */
export {
  createImageWorkers,
  ImageUnreadableError,
  type ImageWorkers,
  type ImageWorkersOptions,
  type StillThumbnail,
} from './image-pool.js';
export type { ImageFormat, ImageInfo } from './image-messages.js';
