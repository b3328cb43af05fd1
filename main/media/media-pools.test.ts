import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { createFfmpeg } from '../../native/ffmpeg/index.js';
import { makeClip, makeSnapshot } from '../../native/ffmpeg/test-support/index.js';
import { OutpostError } from '../contract/index.js';
import { startSliceFixture, type SliceFixture } from './test-support/index.js';

let fx: SliceFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

async function refusal(promise: Promise<unknown>): Promise<OutpostError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof OutpostError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('media on the shared pools', () => {
  it('reads a snapshot with libvips on arrival and makes its WebP thumbnail there too', async () => {
    fx = await startSliceFixture();
    const jpeg = readFileSync(makeSnapshot(fx.dataDir, { width: 1280, height: 720 }));
    const ref = await fx.slice.intake.put(jpeg, 'image/jpeg', 'snapshot', fx.scope.tenantId);
    // The same values ffprobe gave, so rows stay comparable with older ones.
    expect(ref.meta).toEqual({ codec: 'mjpeg', width: 1280, height: 720 });

    const row = await fx.addSnapshot({ bytes: 64 });
    fx.store.media.setDeriveState(row.id, 'none');
    const attached = fx.store.media.attach(fx.scope, row.eventId, ref, fx.clock.now);
    await fx.slice.deriveNow();
    const thumb = fx.store.media.forEvents(fx.scope, [row.eventId]).find((r) => r.parentId === attached.id);
    expect(thumb).toMatchObject({ kind: 'thumbnail', contentType: 'image/webp', meta: { height: 175, width: 311 } });
    const webp = readFileSync(fx.slice.blobs.path(thumb!.sha256));
    expect(webp.toString('latin1', 8, 12)).toBe('WEBP');
    expect(fx.store.media.get(fx.scope, attached.id)!.deriveState).toBe('done');
  });

  it('refuses a damaged snapshot with the reason and keeps nothing of it', async () => {
    fx = await startSliceFixture();
    const jpeg = readFileSync(makeSnapshot(fx.dataDir, { width: 640, height: 360 }));
    // A JPEG start and then garbage where the frame header should be.
    const damaged = Buffer.concat([jpeg.subarray(0, 4), Buffer.alloc(3000, 0x5a)]);
    const err = await refusal(fx.slice.intake.put(damaged, 'image/jpeg', 'snapshot', fx.scope.tenantId));
    expect(err.code).toBe('unprocessable');
    expect(err.message).toMatch(
      /^The snapshot could not be read as a picture: .+\. Send a complete, undamaged file\.$/u,
    );
    expect(fx.slice.blobs.has(sha256(damaged))).toBe(false);
  });

  it('refuses clips past a tenant’s share of the ffmpeg pool with a time to retry, while another tenant’s go on', async () => {
    const real = createFfmpeg();
    // ffprobe held until the refusal has been seen, so the clips are surely waiting together.
    let probing = 0;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    onTestFinished(() => release()); // a failed expectation must not leave the pool waiting on ffprobe
    const heldProbe = {
      ...real,
      probe: (path: string, signal?: AbortSignal) => {
        probing++;
        return released.then(() => real.probe(path, signal));
      },
    };
    fx = await startSliceFixture(
      { ffmpeg: heldProbe },
      { workers: { ffmpeg: { threads: 1, maxWaitingPerTenant: 1, maxWaiting: 4 } } },
    );
    const f = fx;
    const clip = readFileSync(makeClip(f.dataDir, { seconds: 1, faststart: true }));
    const other = f.store.tenants.create({ slug: 'globex', name: 'Globex' });
    const bytes = (n: number) => Buffer.concat([clip, Buffer.alloc(n)]);
    const put = (tenantId: string, n: number) => f.slice.intake.put(bytes(n), 'video/mp4', 'clip', tenantId);
    // Each file is written to the blob store before it asks the pool: wait for that, not for a guessed time.
    const stored = async (...ns: number[]) => {
      while (!ns.every((n) => f.slice.blobs.has(sha256(bytes(n))))) await sleep(10);
      await sleep(20);
    };
    const first = put(f.scope.tenantId, 1);
    while (probing === 0) await sleep(10);
    const second = put(f.scope.tenantId, 2);
    const theirs = put(other.id, 3);
    await stored(2, 3);
    const third = await refusal(put(f.scope.tenantId, 4));
    expect(third.code).toBe('rate_limited');
    expect(third.message).toMatch(/already has 1 media files waiting/u);
    expect(third.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    release();
    const done = await Promise.all([first, second, theirs]);
    expect(done.map((r) => r.meta?.durationMs)).toEqual([1000, 1000, 1000]);
    // The refused clip left no file behind.
    expect(f.slice.blobs.has(sha256(Buffer.concat([clip, Buffer.alloc(4)])))).toBe(false);
  });
});

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
