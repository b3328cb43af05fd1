import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { requireSystemCommand } from '../../../scripts/require-system-package.js';

/**
 * Tiny test media made by ffmpeg at test time (no binaries in the repository): a moving test
 * pattern with a frame counter, so seeking and frame steps land on visibly different frames.
 */
export interface ClipOptions {
  seconds?: number;
  width?: number;
  height?: number;
  fps?: number;
  /** false leaves the index (`moov`) at the end, as many cameras and NVRs write it. */
  faststart?: boolean;
  name?: string;
}

function ffmpeg(): string {
  return requireSystemCommand('ffmpeg', 'ffmpeg');
}

export function makeClip(dir: string, options: ClipOptions = {}): string {
  const { seconds = 2, width = 320, height = 180, fps = 25, faststart = false } = options;
  const out = join(dir, options.name ?? `clip-${seconds}s-${faststart ? 'fast' : 'tail'}.mp4`);
  execFileSync(ffmpeg(), [
    '-nostdin',
    '-hide_banner',
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${width}x${height}:rate=${fps}`,
    '-t',
    String(seconds),
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    '-g',
    String(fps),
    ...(faststart ? ['-movflags', '+faststart'] : []),
    '-y',
    out,
  ]);
  return out;
}

export function makeSnapshot(
  dir: string,
  options: { width?: number; height?: number; format?: 'jpg' | 'png'; name?: string } = {},
): string {
  const { width = 640, height = 360, format = 'jpg' } = options;
  const out = join(dir, options.name ?? `snapshot-${width}x${height}.${format}`);
  execFileSync(ffmpeg(), [
    '-nostdin',
    '-hide_banner',
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${width}x${height}:rate=1`,
    '-frames:v',
    '1',
    '-y',
    out,
  ]);
  return out;
}
