/**
 * Worker thread entry of the image pool (image-pool.ts): libvips through sharp, in process, so a
 * thumbnail costs milliseconds instead of an ffmpeg start (~170 ms here). sharp's own work runs on the
 * process's thread pool; this thread only drives it, one job at a time, so one tenant's burst cannot
 * take every libvips thread.
 */
import sharp from 'sharp';
import { servePoolJobs } from '../worker/index.js';
import type { ImageJob, ImageJobResult } from './image-messages.js';

// Snapshots are JPEG or PNG files: every other decoder libvips carries (SVG, PDF, HEIF, TIFF, …) stays
// out of reach of whatever a camera or webhook sends.
sharp.block({ operation: ['VipsForeignLoad'] });
sharp.unblock({ operation: ['VipsForeignLoadJpegFile', 'VipsForeignLoadPngFile'] });
// One libvips thread per job and no cache of decoded files: thumbnails are made once per picture.
sharp.concurrency(1);
sharp.cache(false);

async function run(job: ImageJob): Promise<ImageJobResult> {
  const input = sharp(job.path, { limitInputPixels: job.maxPixels, failOn: 'error', sequentialRead: true }).timeout({
    seconds: job.timeoutSeconds,
  });
  try {
    if (job.type === 'probe') {
      const meta = await input.metadata();
      if ((meta.format !== 'jpeg' && meta.format !== 'png') || !meta.width || !meta.height) {
        return { ok: false, reason: 'unreadable', message: `it is ${meta.format ?? 'not a picture'}` };
      }
      return { ok: true, info: { format: meta.format, width: meta.width, height: meta.height } };
    }
    // EXIF orientation applied, then scaled down (JPEGs decode at 1/2, 1/4 or 1/8 size when that suffices).
    const { data, info } = await input
      .rotate()
      .resize({ height: job.height, withoutEnlargement: true })
      .webp({ quality: job.quality, effort: 2 })
      .toBuffer({ resolveWithObject: true });
    const webp = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    return { ok: true, webp, width: info.width, height: info.height };
  } catch (err) {
    // libvips says what is wrong with the file ("VipsJpeg: Premature end of JPEG file"), never more.
    return { ok: false, reason: 'unreadable', message: err instanceof Error ? err.message : String(err) };
  }
}

// Thumbnails are a few kilobytes: copied back, not transferred (sharp's buffers live in libvips' memory).
servePoolJobs<ImageJob, ImageJobResult>(run);
