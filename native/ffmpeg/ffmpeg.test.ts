import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFfmpeg, FfmpegError, lowresFor } from './index.js';
import { makeClip, makeSnapshot } from './test-support/make-media.js';

let dir: string;
const ff = createFfmpeg({ timeoutMs: 20_000 });

/** Where the top-level `moov` and `mdat` boxes of an MP4 start. */
function boxOrder(file: string): string[] {
  const data = readFileSync(file);
  const order: string[] = [];
  for (let at = 0; at + 8 <= data.length;) {
    let size = data.readUInt32BE(at);
    const type = data.toString('latin1', at + 4, at + 8);
    if (size === 1) size = Number(data.readBigUInt64BE(at + 8));
    order.push(type);
    if (size < 8) break;
    at += size;
  }
  return order;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'outpost-ffmpeg-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('native/ffmpeg', () => {
  it('probes a clip: duration, codec, size, frame rate and bitrate', async () => {
    const clip = makeClip(dir, { seconds: 2, width: 320, height: 180, fps: 25 });
    const probe = await ff.probe(clip);
    expect(probe.formatName).toContain('mp4');
    expect(probe.durationMs).toBeGreaterThanOrEqual(1900);
    expect(probe.durationMs).toBeLessThanOrEqual(2100);
    expect(probe.video).toEqual({ codec: 'h264', width: 320, height: 180, fps: 25 });
    expect(probe.bitrate).toBeGreaterThan(0);
    expect(probe.audio).toBeNull();
  });

  it('refuses a file that is not media, with ffprobe’s reason', async () => {
    const junk = join(dir, 'junk.mp4');
    writeFileSync(junk, Buffer.concat([Buffer.from([0, 0, 0, 0x20]), Buffer.from('ftypisom'), Buffer.alloc(500, 7)]));
    const err = await ff.probe(junk).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FfmpegError);
    expect((err as FfmpegError).reason).toBe('failed');
    expect((err as FfmpegError).message).toMatch(/could not read the file: .+/);
  });

  it('moves the index of a clip to the front without re-encoding', async () => {
    const clip = makeClip(dir, { seconds: 2, faststart: false, name: 'tail.mp4' });
    const order = boxOrder(clip);
    expect(order.indexOf('moov')).toBeGreaterThan(order.indexOf('mdat'));
    const out = join(dir, 'front.mp4');
    await ff.remuxFaststart(clip, out, 50 * 1024 * 1024);
    const after = boxOrder(out);
    expect(after.indexOf('moov')).toBeLessThan(after.indexOf('mdat'));
    const [before, remuxed] = await Promise.all([ff.probe(clip), ff.probe(out)]);
    expect(remuxed.video).toEqual(before.video);
    expect(Math.abs(statSync(out).size - statSync(clip).size)).toBeLessThan(4096);
  });

  it('stops a remux whose output would pass the size limit', async () => {
    const clip = makeClip(dir, { seconds: 2, name: 'limit.mp4' });
    const err = await ff.remuxFaststart(clip, join(dir, 'limited.mp4'), 2000).catch((e: unknown) => e);
    expect((err as FfmpegError).reason).toBe('output_limit');
  });

  it('makes WebP thumbnails of snapshots and clips in one batch, 175 px high', async () => {
    const jpg = makeSnapshot(dir, { width: 1280, height: 720 });
    const png = makeSnapshot(dir, { width: 400, height: 300, format: 'png' });
    const clip = makeClip(dir, { seconds: 2, name: 'thumb.mp4' });
    const thumbs = await ff.thumbnails(
      [{ path: jpg, codec: 'mjpeg', sourceHeight: 720 }, { path: png }, { path: clip, atMs: 1000 }],
      175,
    );
    expect(thumbs).toHaveLength(3);
    for (const [i, thumb] of thumbs.entries()) {
      expect(thumb.toString('latin1', 0, 4)).toBe('RIFF');
      expect(thumb.toString('latin1', 8, 12)).toBe('WEBP');
      const file = join(dir, `t${i}.webp`);
      writeFileSync(file, thumb);
      expect((await ff.probe(file)).video?.height).toBe(175);
    }
  });

  it('decodes big JPEGs at a reduced size only when that still covers the thumbnail', () => {
    expect(lowresFor({ path: 'a', codec: 'mjpeg', sourceHeight: 2160 }, 175)).toBe(3);
    expect(lowresFor({ path: 'a', codec: 'mjpeg', sourceHeight: 720 }, 175)).toBe(2);
    expect(lowresFor({ path: 'a', codec: 'mjpeg', sourceHeight: 300 }, 175)).toBe(0);
    expect(lowresFor({ path: 'a', codec: 'png', sourceHeight: 2160 }, 175)).toBe(0);
  });

  it('makes a preview strip of evenly spread frames', async () => {
    const clip = makeClip(dir, { seconds: 4, name: 'strip.mp4' });
    const strip = await ff.previewStrip(clip, { frames: 8, height: 60, durationMs: 4000 });
    const file = join(dir, 'strip.webp');
    writeFileSync(file, strip);
    const probe = await ff.probe(file);
    expect(probe.video?.height).toBe(60);
    expect(probe.video?.width).toBe(8 * Math.round((60 * 16) / 9 / 2) * 2);
  });

  it('kills a run that takes too long', async () => {
    const slow = createFfmpeg({ timeoutMs: 1 });
    const err = await slow.probe(makeSnapshot(dir, { name: 'slow.jpg' })).catch((e: unknown) => e);
    expect((err as FfmpegError).reason).toBe('timeout');
  });

  it('says how to install ffmpeg when it is missing', async () => {
    const missing = createFfmpeg({ ffprobePath: '/nonexistent/ffprobe' });
    const err = await missing.probe('x').catch((e: unknown) => e);
    expect((err as FfmpegError).reason).toBe('not_found');
    expect((err as Error).message).toContain('apt-get install -y ffmpeg');
  });
});
