/** Messages between the image pool (image-pool.ts) and its worker threads (image-worker.ts). */

export type ImageJob =
  /** The picture's format and size, from its header. */
  | { type: 'probe'; path: string; timeoutSeconds: number; maxPixels: number }
  /** A WebP thumbnail `height` pixels high (never taller than the picture). */
  | { type: 'thumbnail'; path: string; height: number; quality: number; timeoutSeconds: number; maxPixels: number };

export type ImageFormat = 'jpeg' | 'png';

export interface ImageInfo {
  format: ImageFormat;
  width: number;
  height: number;
}

export type ImageJobResult =
  | { ok: true; info: ImageInfo }
  | { ok: true; webp: Uint8Array; width: number; height: number }
  /** `unreadable`: not a JPEG or PNG, damaged, too many pixels, or past its time. */
  | { ok: false; reason: 'unreadable'; message: string };
