import { createRequire } from 'node:module';
import { createWorkerPool, PoolJobError, PoolJobTimeoutError, type WorkerPoolStats } from '../worker/index.js';
import type { ImageInfo, ImageJob, ImageJobResult } from './image-messages.js';

export interface ImageWorkersOptions {
  /** Worker threads (each drives one libvips job at a time). */
  threads: number;
  /** Jobs one tenant may have waiting; one more is refused with PoolFullError `tenant`. */
  maxWaitingPerTenant: number;
  /** Jobs waiting over all tenants; one more is refused with PoolFullError `pool`. */
  maxWaiting: number;
  /** Longest one picture may take, in ms; libvips stops it a little earlier itself. Default 30 s. */
  jobTimeoutMs?: number;
  /** Pictures with more pixels are refused before decoding (default 100 megapixels). */
  maxPixels?: number;
}

export interface StillThumbnail {
  webp: Buffer;
  width: number;
  height: number;
}

/** A picture libvips could not (or would not) read: not JPEG or PNG, damaged, too large, or too slow. */
export class ImageUnreadableError extends Error {
  constructor(readonly detail: string) {
    super(`The picture could not be read: ${detail}`);
    this.name = 'ImageUnreadableError';
  }
}

export interface ImageWorkers {
  /** Format and size of a JPEG or PNG file, from its header. */
  probe(tenantId: string, path: string): Promise<ImageInfo>;
  /** A WebP thumbnail `height` pixels high (at most the picture's own height) of a JPEG or PNG file. */
  thumbnail(tenantId: string, path: string, options: { height: number; quality: number }): Promise<StillThumbnail>;
  stats(): WorkerPoolStats;
  close(): Promise<void>;
}

/**
 * Snapshot pictures on a shared worker pool (native/worker: fair per tenant, bounded, PoolFullError when
 * full): libvips through sharp, in process. Rejects with ImageUnreadableError for a bad picture and with
 * the pool's own errors (PoolFullError, PoolClosedError, PoolWorkerLostError) otherwise.
 */
export function createImageWorkers(options: ImageWorkersOptions): ImageWorkers {
  // libvips and its libraries must stay loaded for the life of the process: a worker thread that exits
  // (replaced after a time-out) would otherwise unload them under another thread still using them (glibc).
  // Loaded before the first job (workers start with their first job), not here: it took ~0.1 s of
  // every cold start, for a feature used when the first snapshot arrives.
  let sharpPinned = false;
  const pinSharp = () => {
    if (sharpPinned) return;
    createRequire(import.meta.url)('sharp');
    sharpPinned = true;
  };
  const jobTimeoutMs = options.jobTimeoutMs ?? 30_000;
  const limits = {
    timeoutSeconds: Math.max(1, Math.floor(jobTimeoutMs / 1000) - 1),
    maxPixels: options.maxPixels ?? 100_000_000,
  };
  const pool = createWorkerPool<ImageJob, ImageJobResult>({
    name: 'Image',
    entry: { baseUrl: import.meta.url, name: 'image-worker' },
    size: options.threads,
    maxWaitingPerTenant: options.maxWaitingPerTenant,
    maxWaiting: options.maxWaiting,
    jobTimeoutMs,
    typicalJobMs: 20,
  });

  async function run(tenantId: string, job: ImageJob): Promise<ImageJobResult & { ok: true }> {
    pinSharp();
    let result: ImageJobResult;
    try {
      result = await pool.run(tenantId, job);
    } catch (err) {
      if (err instanceof PoolJobTimeoutError) throw new ImageUnreadableError('it took too long to decode');
      if (err instanceof PoolJobError) throw new ImageUnreadableError(err.message);
      throw err;
    }
    if (!result.ok) throw new ImageUnreadableError(result.message);
    return result;
  }

  return {
    async probe(tenantId, path) {
      const result = await run(tenantId, { type: 'probe', path, ...limits });
      if (!('info' in result)) throw new Error('The image worker answered a probe with a picture.');
      return result.info;
    },
    async thumbnail(tenantId, path, { height, quality }) {
      const result = await run(tenantId, { type: 'thumbnail', path, height, quality, ...limits });
      if (!('webp' in result)) throw new Error('The image worker answered a thumbnail with a probe.');
      return {
        webp: Buffer.from(result.webp.buffer, result.webp.byteOffset, result.webp.byteLength),
        width: result.width,
        height: result.height,
      };
    },
    stats: () => pool.stats(),
    close: () => pool.close(),
  };
}
