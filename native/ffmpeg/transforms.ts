import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FfmpegError, runTool, type RunLimits } from './run-tool.js';

const QUIET = ['-nostdin', '-hide_banner', '-v', 'error'];

export interface ThumbnailInput {
  path: string;
  /** Seek position for clips (a frame near the start shows what the clip is about); 0 for stills. */
  atMs?: number;
  /** Source codec and height from the probe: JPEGs big enough are decoded at 1/2, 1/4 or 1/8 size. */
  codec?: string;
  sourceHeight?: number;
}

/**
 * The largest `-lowres` step (JPEG decoding at 1/2^n size) that still leaves at least `height` rows:
 * full-size decoding of a 4K snapshot is most of the cost of a 175-pixel thumbnail.
 */
export function lowresFor(input: ThumbnailInput, height: number): number {
  if (input.codec !== 'mjpeg' || !input.sourceHeight) return 0;
  let n = 0;
  while (n < 3 && input.sourceHeight / 2 ** (n + 1) >= height) n++;
  return n;
}

/** Copies the streams into a new MP4 with its index (`moov`) first, so players can seek before it has all arrived. */
export async function remuxFaststart(
  ffmpeg: string,
  input: string,
  output: string,
  limits: { timeoutMs: number; maxOutputBytes: number; signal?: AbortSignal },
): Promise<void> {
  await runTool(
    ffmpeg,
    [
      ...QUIET,
      '-i',
      input,
      '-map',
      '0:v?',
      '-map',
      '0:a?',
      '-c',
      'copy',
      '-movflags',
      '+faststart',
      '-fs',
      String(limits.maxOutputBytes),
      '-f',
      'mp4',
      '-y',
      output,
    ],
    { timeoutMs: limits.timeoutMs, maxStdoutBytes: 64 * 1024, ...(limits.signal ? { signal: limits.signal } : {}) },
  );
  const size = (await stat(output)).size;
  if (size >= limits.maxOutputBytes) {
    throw new FfmpegError('output_limit', `The remuxed clip reached the ${limits.maxOutputBytes}-byte limit.`);
  }
}

/**
 * WebP thumbnails `height` pixels high, one per input, from one ffmpeg process: starting ffmpeg
 * costs more than scaling a snapshot, so a batch shares that cost. One unreadable input fails
 * the batch; the caller retries its inputs one by one to find it.
 */
export async function thumbnails(
  ffmpeg: string,
  inputs: readonly ThumbnailInput[],
  options: { height: number; quality: number; timeoutMs: number; maxOutputBytes: number; signal?: AbortSignal },
): Promise<Buffer[]> {
  if (inputs.length === 0) return [];
  const dir = await mkdtemp(join(tmpdir(), 'outpost-thumbs-'));
  try {
    const args = [...QUIET];
    inputs.forEach((input) => {
      const lowres = lowresFor(input, options.height);
      if (lowres > 0) args.push('-lowres', String(lowres));
      if (input.atMs) args.push('-ss', (input.atMs / 1000).toFixed(3));
      args.push('-i', input.path);
    });
    inputs.forEach((_input, i) => {
      args.push(
        '-map',
        `${i}:v:0`,
        '-frames:v',
        '1',
        '-vf',
        `scale=-2:${options.height}:flags=bilinear`,
        '-c:v',
        'libwebp',
        '-quality',
        String(options.quality),
        '-fs',
        String(options.maxOutputBytes),
        '-f',
        'webp',
        '-y',
        join(dir, `${i}.webp`),
      );
    });
    await runTool(ffmpeg, args, limitsOf(options));
    return await Promise.all(inputs.map((_input, i) => readBounded(join(dir, `${i}.webp`), options.maxOutputBytes)));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * A strip of `frames` small frames side by side, evenly spread over the clip, as one WebP: the
 * player shows the frame under the pointer while scrubbing, before that part has downloaded.
 */
export async function previewStrip(
  ffmpeg: string,
  input: string,
  options: {
    frames: number;
    height: number;
    durationMs: number;
    quality: number;
    timeoutMs: number;
    maxOutputBytes: number;
    signal?: AbortSignal;
  },
): Promise<Buffer> {
  const seconds = Math.max(options.durationMs / 1000, 0.1);
  const out = await runTool(
    ffmpeg,
    [
      ...QUIET,
      '-i',
      input,
      '-map',
      '0:v:0',
      '-vf',
      `fps=${options.frames}/${seconds.toFixed(3)},scale=-2:${options.height}:flags=bilinear,tile=${options.frames}x1`,
      '-frames:v',
      '1',
      '-c:v',
      'libwebp',
      '-quality',
      String(options.quality),
      '-f',
      'webp',
      'pipe:1',
    ],
    { ...limitsOf(options), maxStdoutBytes: options.maxOutputBytes },
  );
  if (out.length === 0) throw new FfmpegError('failed', 'The clip has no frame to make a preview strip of.');
  return out;
}

function limitsOf(options: { timeoutMs: number; signal?: AbortSignal }): RunLimits {
  return {
    timeoutMs: options.timeoutMs,
    maxStdoutBytes: 64 * 1024,
    ...(options.signal ? { signal: options.signal } : {}),
  };
}

async function readBounded(path: string, max: number): Promise<Buffer> {
  const info = await stat(path).catch(() => null);
  if (!info || info.size === 0) throw new FfmpegError('failed', 'ffmpeg wrote no thumbnail for an input.');
  if (info.size >= max) throw new FfmpegError('output_limit', `A thumbnail reached the ${max}-byte limit.`);
  return readFile(path);
}
