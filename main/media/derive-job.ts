import type { Ffmpeg, ThumbnailInput } from '../../native/ffmpeg/index.js';
import type { MediaRow, Store } from '../store/index.js';
import type { BlobStore } from './blob-store.js';
import type { JobRunner } from './job-pool.js';
import type { MediaLog } from './media-log.js';

export interface DeriveJobDeps {
  store: Pick<Store, 'media'>;
  blobs: BlobStore;
  ffmpeg: Pick<Ffmpeg, 'thumbnails' | 'previewStrip'>;
  runJob: JobRunner;
  log: MediaLog;
  now: () => number;
  thumbnailHeight: number;
  previewFrames: number;
  previewHeight: number;
  /** Called with each event whose media gained a thumbnail or strip. */
  onDerived?(row: MediaRow): void;
}

/** Snapshots per ffmpeg process: ffmpeg's start-up (~170 ms here) costs more than one thumbnail. */
const BATCH = 8;

/**
 * Makes a WebP thumbnail of every new snapshot and clip, and a preview strip of every clip. Work
 * comes from the rows themselves (`derive_state = 'pending'`), so nothing is lost to a restart;
 * `runOnce` drains them through the fair job pool, one tenant's batch at a time.
 */
export function createDeriveJob(deps: DeriveJobDeps) {
  const { store, blobs, ffmpeg } = deps;

  async function saveThumbnail(row: MediaRow, webp: Buffer): Promise<void> {
    const ref = await blobs.putBytes(webp, 'image/webp');
    const width = webp.length >= 30 ? webpWidth(webp) : undefined;
    const derived = store.media.addDerived(
      row,
      {
        kind: 'thumbnail',
        sha256: ref.sha256,
        contentType: 'image/webp',
        size: ref.size,
        meta: { height: deps.thumbnailHeight, ...(width ? { width } : {}) },
      },
      deps.now(),
    );
    deps.onDerived?.(derived);
  }

  function inputOf(row: MediaRow): ThumbnailInput {
    const input: ThumbnailInput = { path: blobs.path(row.sha256) };
    if (row.meta.codec) input.codec = row.meta.codec;
    if (row.meta.height) input.sourceHeight = row.meta.height;
    // A frame a second in (or from the middle of a short clip) shows more than the often-black first one.
    if (row.kind === 'clip') input.atMs = Math.min(1000, Math.floor((row.meta.durationMs ?? 0) / 2));
    return input;
  }

  async function thumbnailBatch(tenantId: string, rows: MediaRow[]): Promise<Set<string>> {
    const failed = new Set<string>();
    try {
      const webps = await deps.runJob(tenantId, () => ffmpeg.thumbnails(rows.map(inputOf), deps.thumbnailHeight));
      for (const [i, row] of rows.entries()) await saveThumbnail(row, webps[i]!);
    } catch (err) {
      if (rows.length === 1) {
        deps.log.warn({ mediaId: rows[0]!.id, error: String(err) }, 'no thumbnail could be made of a media file');
        failed.add(rows[0]!.id);
        return failed;
      }
      // One bad file fails its batch; alone, each good one still gets its thumbnail.
      for (const row of rows) for (const id of await thumbnailBatch(tenantId, [row])) failed.add(id);
    }
    return failed;
  }

  async function strip(row: MediaRow): Promise<boolean> {
    try {
      const webp = await deps.runJob(row.tenantId, () =>
        ffmpeg.previewStrip(blobs.path(row.sha256), {
          frames: deps.previewFrames,
          height: deps.previewHeight,
          durationMs: row.meta.durationMs ?? 1000,
        }),
      );
      const ref = await blobs.putBytes(webp, 'image/webp');
      const derived = store.media.addDerived(
        row,
        {
          kind: 'preview',
          sha256: ref.sha256,
          contentType: 'image/webp',
          size: ref.size,
          meta: { frames: deps.previewFrames, height: deps.previewHeight },
        },
        deps.now(),
      );
      deps.onDerived?.(derived);
      return true;
    } catch (err) {
      deps.log.warn({ mediaId: row.id, error: String(err) }, 'no preview strip could be made of a clip');
      return false;
    }
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
      [...byTenant].map(async ([tenantId, own]) => {
        for (let i = 0; i < own.length; i += BATCH) {
          const batch = own.slice(i, i + BATCH);
          const failed = await thumbnailBatch(tenantId, batch);
          for (const row of batch) {
            const stripOk = row.kind !== 'clip' || (await strip(row));
            store.media.setDeriveState(row.id, failed.has(row.id) || !stripOk ? 'failed' : 'done');
          }
        }
      }),
    );
    return rows.length;
  }

  return { runOnce };
}

/** The canvas width of a simple (VP8/VP8L) WebP, for the UI's layout before the image loads. */
function webpWidth(webp: Buffer): number | undefined {
  const format = webp.toString('latin1', 12, 16);
  if (format === 'VP8 ') return webp.readUInt16LE(26) & 0x3fff;
  if (format === 'VP8L') return (webp.readUInt32LE(21) & 0x3fff) + 1;
  if (format === 'VP8X') return webp.readUIntLE(24, 3) + 1;
  return undefined;
}
