import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSnapshot } from '../ffmpeg/test-support/index.js';
import { PoolFullError } from '../worker/index.js';
import { createImageWorkers, ImageUnreadableError, type ImageWorkers } from './index.js';
import { failure } from '../worker/test-support/index.js';

let dir: string;
let images: ImageWorkers;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'outpost-image-'));
  images = createImageWorkers({ threads: 1, maxWaitingPerTenant: 8, maxWaiting: 16 });
});
afterAll(async () => {
  await images.close();
  rmSync(dir, { recursive: true, force: true });
});

const isWebp = (bytes: Buffer) =>
  bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP';

describe('image workers', () => {
  it('makes a WebP thumbnail of the asked height from a JPEG and a PNG, keeping the shape', async () => {
    const jpeg = makeSnapshot(dir, { width: 1280, height: 720 });
    const png = makeSnapshot(dir, { width: 400, height: 300, format: 'png' });
    const fromJpeg = await images.thumbnail('a', jpeg, { height: 175, quality: 70 });
    expect(isWebp(fromJpeg.webp)).toBe(true);
    expect(fromJpeg).toMatchObject({ width: 311, height: 175 });
    const fromPng = await images.thumbnail('a', png, { height: 175, quality: 70 });
    expect(isWebp(fromPng.webp)).toBe(true);
    expect(fromPng).toMatchObject({ width: 233, height: 175 });
    // A picture smaller than the thumbnail is not blown up.
    const tiny = makeSnapshot(dir, { width: 160, height: 90 });
    expect(await images.thumbnail('a', tiny, { height: 175, quality: 70 })).toMatchObject({ width: 160, height: 90 });
  });

  it('reads the format and size from the header', async () => {
    expect(await images.probe('a', makeSnapshot(dir, { width: 640, height: 360 }))).toEqual({
      format: 'jpeg',
      width: 640,
      height: 360,
    });
    expect(await images.probe('a', makeSnapshot(dir, { width: 64, height: 48, format: 'png' }))).toEqual({
      format: 'png',
      width: 64,
      height: 48,
    });
  });

  it('refuses what is not a JPEG or PNG (SVG and GIF decoders are blocked) and a damaged picture', async () => {
    const svg = join(dir, 'drawing.svg');
    writeFileSync(svg, '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
    const gif = join(dir, 'anim.gif');
    writeFileSync(gif, Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64'));
    const cut = join(dir, 'cut.jpg');
    writeFileSync(cut, readFileSync(makeSnapshot(dir, { width: 640, height: 360 })).subarray(0, 2000));
    for (const path of [svg, gif, cut]) {
      const err = await failure(images.thumbnail('a', path, { height: 175, quality: 70 }));
      expect(err, path).toBeInstanceOf(ImageUnreadableError);
    }
    expect(await failure(images.probe('a', svg))).toBeInstanceOf(ImageUnreadableError);
    // The worker is still fine afterwards.
    expect((await images.probe('a', makeSnapshot(dir, { width: 32, height: 32 }))).format).toBe('jpeg');
  });

  it('refuses a picture with more pixels than allowed before decoding it', async () => {
    const strict = createImageWorkers({ threads: 1, maxWaitingPerTenant: 2, maxWaiting: 4, maxPixels: 1000 });
    try {
      const err = await failure(
        strict.thumbnail('a', makeSnapshot(dir, { width: 64, height: 64 }), { height: 32, quality: 70 }),
      );
      expect(err).toBeInstanceOf(ImageUnreadableError);
      expect(err.message).toMatch(/pixel/i);
    } finally {
      await strict.close();
    }
  });

  it('is bounded per tenant like every shared pool', async () => {
    const tight = createImageWorkers({ threads: 1, maxWaitingPerTenant: 1, maxWaiting: 4 });
    try {
      const path = makeSnapshot(dir, { width: 1280, height: 720, name: 'big.jpg' });
      const accepted = [0, 1].map(() => tight.thumbnail('a', path, { height: 175, quality: 70 }));
      expect(await failure(tight.thumbnail('a', path, { height: 175, quality: 70 }))).toBeInstanceOf(PoolFullError);
      await Promise.all(accepted);
    } finally {
      await tight.close();
    }
  });
});
