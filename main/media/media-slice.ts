import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createFfmpeg, type Ffmpeg } from '../../native/ffmpeg/index.js';
import { createImageWorkers, type ImageWorkers } from '../../native/image/index.js';
import { createTaskPool } from '../../native/worker/index.js';
import type { Config } from '../core/slice-kit/index.js';
import type { Store } from '../store/index.js';
import { startLoop, type BackgroundLoop } from './background-loop.js';
import { createBlobStore, type BlobStore } from './blob-store.js';
import { createDeriveJob } from './derive-job.js';
import { loadOrCreateKeyFile } from './key-file.js';
import { createMediaAccess, type MediaAccess } from './media-access.js';
import { createMediaIntake, type MediaIntake } from './media-intake.js';
import type { MediaLog } from './media-log.js';
import { createMediaUrlSigner, type MediaUrlSigner } from './media-url-signer.js';
import { createPins } from './pins.js';
import { createArchiveService, type ArchiveService } from './archive/archive-service.js';
import { createFileKeyStore, type ArchiveKeyStore } from './archive/key-store.js';
import type { S3Transport } from './archive/s3-client.js';
import { createFrigateFetcher, type FetchFn } from './frigate-fetcher.js';
import { createExports, type Exports } from './media-export.js';
import { reconcile, type ReconcileResult } from './reconcile.js';
import { createRetention, statfsFreeSpace, type FreeSpaceSource, type Retention } from './retention.js';

/** Everything the media slice takes from the Core; the optional parts replace plain defaults. */
export interface MediaSliceDeps {
  config: Pick<Config, 'dataDir' | 'media' | 'pipeline' | 'workers'>;
  store: Store;
  log: MediaLog & { child?: unknown };
  now: () => number;
  /** ffmpeg/ffprobe (tests may pass one with a shorter timeout). */
  ffmpeg?: Ffmpeg;
  /** Snapshot pictures (libvips threads); `workers.images` otherwise. */
  images?: ImageWorkers;
  /** Outgoing requests to Frigate: the address guard's fetch. */
  fetch: FetchFn;
  /** Agents for the S3 client: the address guard's Node agents. */
  s3Transport: S3Transport;
  /** Free space of the media disk; `fs.statfs` otherwise (tests simulate a small disk). */
  freeSpace?: FreeSpaceSource;
  /** Where site archive keys live; 0600 files under `<dataDir>/keys/archive/` otherwise (desktop: safeStorage). */
  keyStore?: ArchiveKeyStore;
  /** Start the background jobs (thumbnails, retention, archive, fetches); tests may drive them by hand. */
  background?: boolean;
}

export interface MediaSlice {
  blobs: BlobStore;
  /** The writer for sources and the webhook: checks files with ffprobe and puts clips' index first. */
  intake: MediaIntake;
  access: MediaAccess;
  signer: MediaUrlSigner;
  archive: ArchiveService;
  retention: Retention;
  exports: Exports;
  /** Queues fetches of an event's files from Frigate's API (the MQTT source asks after an event ends). */
  fetcher: {
    request(
      scope: { tenantId: string; siteId: string },
      eventId: string,
      files: { kind: 'snapshot' | 'clip'; url: string }[],
    ): void;
  };
  linkTtlMs: number;
  thumbnailHeight: number;
  floor: { minFreePercent: number; minFreeBytes: number };
  reconcile(scope: { tenantId: string } | null, confirm: boolean): Promise<ReconcileResult>;
  /** Runs the thumbnail job now (tests and benchmarks; it also runs every second on its own). */
  deriveNow(): Promise<number>;
  /** Runs due Frigate fetches now. */
  fetchNow(): Promise<number>;
  close(): Promise<void>;
}

export function createMediaSlice(deps: MediaSliceDeps): MediaSlice {
  const { config, store, log, now } = deps;
  const media = config.media;
  const blobs = createBlobStore(join(config.dataDir, 'blobs'), { maxBytes: config.pipeline.media.maxBytes });
  // Free space is measured on the blobs folder: it must exist before the first media arrive.
  mkdirSync(blobs.tempDir, { recursive: true });
  const ffmpeg =
    deps.ffmpeg ??
    createFfmpeg({
      ffmpegPath: media.ffmpegPath,
      ffprobePath: media.ffprobePath,
      timeoutMs: media.toolTimeoutSeconds * 1000,
    });
  // ffmpeg and ffprobe runs wait here, fair between tenants and bounded (workers.ffmpeg).
  const ffmpegPool = createTaskPool({
    name: 'ffmpeg',
    ...config.workers.ffmpeg,
    size: media.workers ?? config.workers.ffmpeg.threads,
    typicalJobMs: 500,
  });
  const runJob = ffmpegPool.run.bind(ffmpegPool);
  const images = deps.images ?? createImageWorkers({ ...config.workers.images, jobTimeoutMs: 30_000 });
  const pins = createPins(now);
  const signer = createMediaUrlSigner(
    loadOrCreateKeyFile(join(config.dataDir, 'keys', 'media-links.key'), 32, 'media link signing key'),
    media.linkTtlSeconds,
    now,
  );
  const inUse = (sha256: string) => pins.has(sha256) || store.media.blobInUse(sha256);
  const retention = createRetention({
    store,
    blobs,
    log,
    now,
    freeSpace: deps.freeSpace ?? statfsFreeSpace,
    floor: media.retention,
    blobInUse: inUse,
  });
  const intake = createMediaIntake({
    blobs,
    ffmpeg,
    images,
    runJob,
    blobInUse: inUse,
    checkStorage: () => retention.checkStorage(),
    pin: pins.add,
    unpin: pins.remove,
    maxBytes: config.pipeline.media.maxBytes,
  });
  const derive = createDeriveJob({
    store,
    blobs,
    ffmpeg,
    images,
    runJob,
    log,
    now,
    thumbnailHeight: media.thumbnailHeight,
    previewFrames: media.previewFrames,
    previewHeight: media.previewHeight,
  });
  const archive = createArchiveService({
    store,
    blobs,
    keys: deps.keyStore ?? createFileKeyStore(join(config.dataDir, 'keys', 'archive')),
    log,
    now,
    settings: media.archive,
    transport: deps.s3Transport,
    blobInUse: inUse,
  });
  const linkTtlMs = media.linkTtlSeconds * 1000;
  const exports = createExports({ store, blobs, now, ttlMs: linkTtlMs, maxFiles: media.exportMaxFiles });
  const loops: BackgroundLoop[] = [];
  const wakeDerive = () => loops[0]?.wake();
  const fetcher = createFrigateFetcher({
    store,
    blobs,
    intake,
    log,
    now,
    fetch: deps.fetch,
    maxAttempts: media.frigateFetchAttempts,
    onAttached: wakeDerive,
  });
  if (deps.background !== false) {
    loops.push(
      startLoop('thumbnails', 1000, () => derive.runOnce(), log),
      startLoop('frigate-fetches', 250, () => fetcher.runOnce(), log),
      startLoop('retention', media.retention.intervalSeconds * 1000, () => retention.runOnce(), log),
      startLoop('archive', media.archive.intervalSeconds * 1000, () => archive.runAll(), log),
    );
    // The disk is measured at start, so a full disk refuses media before the first run.
    loops[2]!.wake();
  }

  return {
    blobs,
    intake,
    access: createMediaAccess(store, blobs, signer, exports, join(config.dataDir, 'exports')),
    signer,
    archive,
    retention,
    exports,
    fetcher: {
      request(scope, eventId, files) {
        fetcher.request(scope, eventId, files);
        loops[1]?.wake();
      },
    },
    linkTtlMs,
    thumbnailHeight: media.thumbnailHeight,
    floor: media.retention,
    reconcile: (scope, confirm) => reconcile({ store, blobs, scope, confirm, now: now(), pinned: pins.has }),
    deriveNow: () => derive.runOnce(),
    fetchNow: () => fetcher.runOnce(),
    async close() {
      await Promise.all(loops.map((l) => l.stop()));
      await Promise.all([ffmpegPool.close(), images.close()]);
    },
  };
}
