/**
 * ffmpeg and ffprobe (DESIGN.md: only native/ spawns processes): a narrow, typed wrapper. Every run
 * is bounded in time and output and killed past either bound; nothing runs through a shell.
 */
import { probe, type MediaProbe } from './probe.js';
import { previewStrip, remuxFaststart, thumbnails, type ThumbnailInput } from './transforms.js';

export { FfmpegError, type ToolFailure } from './run-tool.js';
export { parseProbe, type MediaProbe } from './probe.js';
export { lowresFor, type ThumbnailInput } from './transforms.js';

export interface FfmpegOptions {
  ffmpegPath?: string;
  ffprobePath?: string;
  /** Longest run of one tool, in ms (default 60 s). */
  timeoutMs?: number;
}

export interface Ffmpeg {
  probe(path: string, signal?: AbortSignal): Promise<MediaProbe>;
  remuxFaststart(input: string, output: string, maxOutputBytes: number, signal?: AbortSignal): Promise<void>;
  /** WebP thumbnails of `height` px, one per input, made by one process. */
  thumbnails(inputs: readonly ThumbnailInput[], height: number, signal?: AbortSignal): Promise<Buffer[]>;
  previewStrip(
    input: string,
    options: { frames: number; height: number; durationMs: number },
    signal?: AbortSignal,
  ): Promise<Buffer>;
}

/** Thumbnails and strips are small; anything bigger is a broken encoder or a hostile input. */
const MAX_IMAGE_BYTES = 2 * 1024 * 1024;

export function createFfmpeg(options: FfmpegOptions = {}): Ffmpeg {
  const ffmpeg = options.ffmpegPath || 'ffmpeg';
  const ffprobe = options.ffprobePath || 'ffprobe';
  const timeoutMs = options.timeoutMs ?? 60_000;
  const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});
  return {
    probe: (path, signal) => probe(ffprobe, path, { timeoutMs, maxStdoutBytes: 1024 * 1024, ...withSignal(signal) }),
    remuxFaststart: (input, output, maxOutputBytes, signal) =>
      remuxFaststart(ffmpeg, input, output, { timeoutMs, maxOutputBytes, ...withSignal(signal) }),
    thumbnails: (inputs, height, signal) =>
      thumbnails(ffmpeg, inputs, {
        height,
        quality: 70,
        timeoutMs,
        maxOutputBytes: MAX_IMAGE_BYTES,
        ...withSignal(signal),
      }),
    previewStrip: (input, strip, signal) =>
      previewStrip(ffmpeg, input, {
        ...strip,
        quality: 60,
        timeoutMs,
        maxOutputBytes: MAX_IMAGE_BYTES,
        ...withSignal(signal),
      }),
  };
}
