import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { FfmpegError, type Ffmpeg, type MediaProbe } from '../../native/ffmpeg/index.js';
import { OutpostError, type MediaMeta } from '../contract/index.js';
import type { MediaRef } from '../pipeline/index.js';
import type { BlobStore } from './blob-store.js';
import { indexAtFront } from './mp4-boxes.js';

export interface MediaIntakeDeps {
  blobs: BlobStore;
  ffmpeg: Pick<Ffmpeg, 'probe' | 'remuxFaststart'>;
  /** Whether a blob is still named by a row, a site-map file or a release (a refused upload may share its hash). */
  blobInUse(sha256: string): boolean;
  /** Throws `insufficient_storage` while the disk is at its floor with only kept media left. */
  checkStorage(): void;
  /** Called with each stored hash: retention leaves it alone until the event that names it is committed. */
  pin(sha256: string): void;
  maxBytes: number;
}

/** The writer every source and the webhook use: stores, checks with ffprobe, and puts clips' index first. */
export interface MediaIntake {
  put(data: Buffer | NodeJS.ReadableStream, contentType: string, kind: MediaRef['kind']): Promise<MediaRef>;
}

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

  async function discard(sha256: string, wasStored: boolean): Promise<void> {
    if (!wasStored && !deps.blobInUse(sha256)) await blobs.remove(sha256);
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

  return {
    async put(data, contentType, kind) {
      deps.checkStorage();
      const ref = await blobs.put(data, contentType, kind);
      const alreadyStored = deps.blobInUse(ref.sha256);
      deps.pin(ref.sha256);
      let probe: MediaProbe;
      try {
        probe = await ffmpeg.probe(blobs.path(ref.sha256));
      } catch (err) {
        await discard(ref.sha256, alreadyStored);
        if (err instanceof FfmpegError && err.reason === 'failed') throw unreadable(kind, err.detail || err.message);
        throw err;
      }
      const problem = problemOf(kind, probe);
      if (problem) {
        await discard(ref.sha256, alreadyStored);
        throw unreadable(kind, problem);
      }
      const meta = metaOf(probe);
      if (kind !== 'clip' || (await indexAtFront(blobs.path(ref.sha256))) !== false) return { ...ref, meta };

      // The index is at the end (most cameras write it last): copy the streams into a file with it first.
      const temp = join(blobs.tempDir, `${randomUUID()}.faststart.mp4`);
      try {
        await ffmpeg.remuxFaststart(blobs.path(ref.sha256), temp, deps.maxBytes);
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
    },
  };
}
