import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { FfmpegError, type Ffmpeg, type MediaProbe } from '../../native/ffmpeg/index.js';
import { ImageUnreadableError, type ImageWorkers } from '../../native/image/index.js';
import { PoolClosedError, PoolFullError } from '../../native/worker/index.js';
import { OutpostError, type MediaMeta } from '../contract/index.js';
import type { BlobStore } from './blob-store.js';
import { busyError, type JobRunner } from './media-jobs.js';
import type { MediaRef } from './media-ref.js';
import { indexAtFront } from './mp4-boxes.js';

export interface MediaIntakeDeps {
  blobs: BlobStore;
  ffmpeg: Pick<Ffmpeg, 'probe' | 'remuxFaststart'>;
  /** Snapshots are checked by libvips (milliseconds), clips by ffprobe (a process). */
  images: Pick<ImageWorkers, 'probe'>;
  /** ffprobe and the remux run here: the shared ffmpeg pool, fair per tenant. */
  runJob: JobRunner;
  /** Whether a blob is still named by a row, a site-map file or a release (a refused upload may share its hash). */
  blobInUse(sha256: string): boolean;
  /** Throws `insufficient_storage` while the disk is at its floor with only kept media left. */
  checkStorage(): void;
  /** Called with each stored hash: retention leaves it alone until the event that names it is committed. */
  pin(sha256: string): void;
  /** Takes a refused upload's pin back, so its file can go. */
  unpin(sha256: string): void;
  maxBytes: number;
}

/**
 * The writer every source and the webhook use: stores, checks (libvips for snapshots, ffprobe for clips),
 * and puts clips' index first. The checks run on the shared pools for `tenantId`; when those are full the
 * file is refused (`rate_limited` or `unavailable`, with retryAfterSeconds) and nothing is kept.
 */
export interface MediaIntake {
  put(
    data: Buffer | NodeJS.ReadableStream,
    contentType: string,
    kind: MediaRef['kind'],
    tenantId: string,
  ): Promise<MediaRef>;
}

/** ffprobe's codec names, kept for snapshots read by libvips (media rows keep the same values as before). */
const STILL_CODECS = { jpeg: 'mjpeg', png: 'png' } as const;

function metaOf(probe: MediaProbe): MediaMeta {
  const meta: MediaMeta = {};
  if (probe.video) {
    meta.codec = probe.video.codec;
    meta.width = probe.video.width;
    meta.height = probe.video.height;
    if (probe.video.fps) meta.fps = probe.video.fps;
  }
  if (probe.durationMs !== null && probe.durationMs > 0) meta.durationMs = probe.durationMs;
  if (probe.bitrate !== null) meta.bitrate = Math.round(probe.bitrate);
  return meta;
}

/** Stills are demuxed as one-frame "video"; a clip must really move. */
function problemOf(kind: MediaRef['kind'], probe: MediaProbe): string | null {
  if (!probe.video) return `it has no ${kind === 'clip' ? 'video stream' : 'picture'}`;
  if (kind === 'clip' && (probe.durationMs === null || probe.durationMs <= 0)) return 'it has no playable length';
  return null;
}

export function createMediaIntake(deps: MediaIntakeDeps): MediaIntake {
  const { blobs, ffmpeg } = deps;

  /** Removes a refused upload's file, unless something named it before this upload came (or still does). */
  async function discard(sha256: string, wasStored: boolean): Promise<void> {
    if (wasStored) return;
    deps.unpin(sha256);
    if (!deps.blobInUse(sha256)) await blobs.remove(sha256);
  }

  function unreadable(kind: MediaRef['kind'], reason: string): OutpostError {
    const what = kind === 'clip' ? 'a video' : 'a picture';
    return new OutpostError(
      'unprocessable',
      `The ${kind} could not be read as ${what}: ${reason}. Send a complete, undamaged file.`,
      {
        issues: [{ path: kind, message: `is not readable as ${what}` }],
      },
    );
  }

  /** The file's metadata, or the reason it is refused. */
  async function check(path: string, kind: MediaRef['kind'], tenantId: string): Promise<MediaMeta> {
    if (kind === 'snapshot') {
      try {
        const info = await deps.images.probe(tenantId, path);
        return { codec: STILL_CODECS[info.format], width: info.width, height: info.height };
      } catch (err) {
        if (err instanceof ImageUnreadableError) throw unreadable(kind, err.detail);
        throw err;
      }
    }
    let probe: MediaProbe;
    try {
      probe = await deps.runJob(tenantId, (signal) => ffmpeg.probe(path, signal));
    } catch (err) {
      if (err instanceof FfmpegError && err.reason === 'failed') throw unreadable(kind, err.detail || err.message);
      throw err;
    }
    const problem = problemOf(kind, probe);
    if (problem) throw unreadable(kind, problem);
    return metaOf(probe);
  }

  async function put(
    data: Buffer | NodeJS.ReadableStream,
    contentType: string,
    kind: MediaRef['kind'],
    tenantId: string,
  ): Promise<MediaRef> {
    deps.checkStorage();
    const ref = await blobs.put(data, contentType, kind);
    const alreadyStored = deps.blobInUse(ref.sha256);
    deps.pin(ref.sha256);
    let meta: MediaMeta;
    try {
      meta = await check(blobs.path(ref.sha256), kind, tenantId);
    } catch (err) {
      await discard(ref.sha256, alreadyStored);
      throw err;
    }
    if (kind !== 'clip' || (await indexAtFront(blobs.path(ref.sha256))) !== false) return { ...ref, meta };

    // The index is at the end (most cameras write it last): copy the streams into a file with it first.
    const temp = join(blobs.tempDir, `${randomUUID()}.faststart.mp4`);
    try {
      await deps.runJob(tenantId, (signal) =>
        ffmpeg.remuxFaststart(blobs.path(ref.sha256), temp, deps.maxBytes, signal),
      );
      const remuxed = await blobs.put(createReadStream(temp), 'video/mp4', 'clip');
      deps.pin(remuxed.sha256);
      await discard(ref.sha256, alreadyStored);
      return { ...remuxed, meta };
    } catch (err) {
      await discard(ref.sha256, alreadyStored);
      if (err instanceof FfmpegError) throw unreadable(kind, err.detail || err.message);
      throw err;
    } finally {
      await rm(temp, { force: true });
    }
  }

  return {
    async put(data, contentType, kind, tenantId) {
      try {
        return await put(data, contentType, kind, tenantId);
      } catch (err) {
        if (err instanceof PoolFullError || err instanceof PoolClosedError) throw busyError(err, kind);
        throw err;
      }
    },
  };
}
