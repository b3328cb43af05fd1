import type { Ffmpeg, ThumbnailInput } from '../../native/ffmpeg/index.js';
import type { ImageWorkers } from '../../native/image/index.js';
import type { MediaRow, Store } from '../store/index.js';
import type { BlobStore } from './blob-store.js';
import { notRun, type JobRunner } from './media-jobs.js';
import type { MediaLog } from './media-log.js';

export interface DeriveJobDeps {
  store: Pick<Store, 'media'>;
  blobs: BlobStore;
  ffmpeg: Pick<Ffmpeg, 'thumbnails' | 'previewStrip'>;
  /** Snapshot thumbnails: libvips in the shared image pool. */
  images: Pick<ImageWorkers, 'thumbnail'>;
  /** Clip thumbnails and strips: ffmpeg in the shared task pool. */
  runJob: JobRunner;
  log: MediaLog;
  now: () => number;
  thumbnailHeight: number;
  previewFrames: number;
  previewHeight: number;
  /** Called with each event whose media gained a thumbnail or strip. */
  onDerived?(row: MediaRow): void;
}

/** WebP quality of thumbnails (ffmpeg's and libvips' scales agree closely enough). */
const THUMBNAIL_QUALITY = 70;

/** The work was not done now but is still to do (a pool was full or closing): the row stays pending. */
class Postponed extends Error {}

/**
 * Makes a WebP thumbnail of every new snapshot and clip, and a preview strip of every clip. Work
 * comes from the rows themselves (`derive_state = 'pending'`), so nothing is lost to a restart;
 * `runOnce` drains them, each tenant's rows one at a time, through the shared pools (libvips for
 * snapshots, in milliseconds; ffmpeg for clips), which take turns between tenants.
 */
export function createDeriveJob(deps: DeriveJobDeps) {
  const { store, blobs, ffmpeg } = deps;

  function save(row: MediaRow, kind: 'thumbnail' | 'preview', webp: Buffer, meta: Record<string, number>) {
    return blobs
      .putBytes(webp, 'image/webp')
      .then((ref) =>
        store.media.addDerived(
          row,
          { kind, sha256: ref.sha256, contentType: 'image/webp', size: ref.size, meta },
          deps.now(),
        ),
      );
  }

  async function thumbnail(row: MediaRow): Promise<{ webp: Buffer; width: number | undefined }> {
    if (row.kind === 'snapshot') {
      const made = await deps.images.thumbnail(row.tenantId, blobs.path(row.sha256), {
        height: deps.thumbnailHeight,
        quality: THUMBNAIL_QUALITY,
      });
      return { webp: made.webp, width: made.width };
    }
    // A frame a second in (or from the middle of a short clip) shows more than the often-black first one.
    const input: ThumbnailInput = {
      path: blobs.path(row.sha256),
      atMs: Math.min(1000, Math.floor((row.meta.durationMs ?? 0) / 2)),
    };
    const [webp] = await deps.runJob(row.tenantId, (signal) =>
      ffmpeg.thumbnails([input], deps.thumbnailHeight, signal),
    );
    return { webp: webp!, width: webpWidth(webp!) };
  }

  /** One derivative; false when it could not be made (logged), Postponed when it could not be tried. */
  async function attempt(row: MediaRow, what: string, make: () => Promise<void>): Promise<boolean> {
    try {
      await make();
      return true;
    } catch (err) {
      if (notRun(err)) throw new Postponed(String(err));
      deps.log.warn({ mediaId: row.id, error: String(err) }, `no ${what} could be made of a media file`);
      return false;
    }
  }

  async function derive(row: MediaRow): Promise<void> {
    const thumbOk = await attempt(row, 'thumbnail', async () => {
      const { webp, width } = await thumbnail(row);
      const meta = { height: deps.thumbnailHeight, ...(width ? { width } : {}) };
      // Saved first: `onDerived?.(await save())` would skip the save when nobody listens.
      const saved = await save(row, 'thumbnail', webp, meta);
      deps.onDerived?.(saved);
    });
    const stripOk =
      row.kind !== 'clip' ||
      (await attempt(row, 'preview strip', async () => {
        const webp = await deps.runJob(row.tenantId, (signal) =>
          ffmpeg.previewStrip(
            blobs.path(row.sha256),
            { frames: deps.previewFrames, height: deps.previewHeight, durationMs: row.meta.durationMs ?? 1000 },
            signal,
          ),
        );
        const saved = await save(row, 'preview', webp, { frames: deps.previewFrames, height: deps.previewHeight });
        deps.onDerived?.(saved);
      }));
    store.media.setDeriveState(row.id, thumbOk && stripOk ? 'done' : 'failed');
  }

  async function runOnce(limit = 64): Promise<number> {
    const rows = store.media.pendingDerivation(limit);
    const byTenant = new Map<string, MediaRow[]>();
    for (const row of rows) {
      if (!row.local) {
        store.media.setDeriveState(row.id, 'none');
        continue;
      }
      byTenant.set(row.tenantId, [...(byTenant.get(row.tenantId) ?? []), row]);
    }
    await Promise.all(
      [...byTenant.values()].map(async (own) => {
        try {
          for (const row of own) await derive(row);
        } catch (err) {
          // The pools are full or closing: this tenant's remaining rows wait for the next run.
          if (!(err instanceof Postponed)) throw err;
        }
      }),
    );
    return rows.length;
  }

  return { runOnce };
}

/** The canvas width of a simple (VP8/VP8L) WebP, for the UI's layout before the image loads. */
function webpWidth(webp: Buffer): number | undefined {
  if (webp.length < 30) return undefined;
  const format = webp.toString('latin1', 12, 16);
  if (format === 'VP8 ') return webp.readUInt16LE(26) & 0x3fff;
  if (format === 'VP8L') return (webp.readUInt32LE(21) & 0x3fff) + 1;
  if (format === 'VP8X') return webp.readUIntLE(24, 3) + 1;
  return undefined;
}
