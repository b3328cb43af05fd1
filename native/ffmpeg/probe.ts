import { FfmpegError, runTool, type RunLimits } from './run-tool.js';

/** What ffprobe says about a file, reduced to what Outpost shows and decides on. */
export interface MediaProbe {
  /** ffprobe's demuxer name, e.g. `mov,mp4,m4a,3gp,3g2,mj2`, `image2`, `png_pipe`. */
  formatName: string;
  durationMs: number | null;
  /** Bits per second of the whole file, when known. */
  bitrate: number | null;
  video: { codec: string; width: number; height: number; fps: number | null } | null;
  audio: { codec: string } | null;
}

interface RawStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  disposition?: { attached_pic?: number };
}
interface RawProbe {
  format?: { format_name?: string; duration?: string; bit_rate?: string };
  streams?: RawStream[];
}

/** `25/1` → 25; `0/0` (unknown) → null. */
function rate(value: string | undefined): number | null {
  if (!value) return null;
  const [num, den] = value.split('/').map(Number);
  if (!num || !den || !Number.isFinite(num / den)) return null;
  return Math.round((num / den) * 1000) / 1000;
}

function number(value: string | undefined): number | null {
  const n = Number(value);
  return value !== undefined && Number.isFinite(n) && n >= 0 ? n : null;
}

export function parseProbe(json: Buffer): MediaProbe {
  let raw: RawProbe;
  try {
    raw = JSON.parse(json.toString('utf8')) as RawProbe;
  } catch {
    throw new FfmpegError('failed', 'ffprobe answered with something that is not JSON.');
  }
  const streams = raw.streams ?? [];
  const video = streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  const audio = streams.find((s) => s.codec_type === 'audio');
  const duration = number(raw.format?.duration);
  return {
    formatName: raw.format?.format_name ?? '',
    durationMs: duration === null ? null : Math.round(duration * 1000),
    bitrate: number(raw.format?.bit_rate),
    video:
      video && video.width && video.height
        ? {
            codec: video.codec_name ?? 'unknown',
            width: video.width,
            height: video.height,
            fps: rate(video.avg_frame_rate),
          }
        : null,
    audio: audio ? { codec: audio.codec_name ?? 'unknown' } : null,
  };
}

/** Reads the container and streams of `path` (nothing is decoded). Throws FfmpegError for unreadable files. */
export async function probe(ffprobe: string, path: string, limits: Omit<RunLimits, 'stdin'>): Promise<MediaProbe> {
  const out = await runTool(
    ffprobe,
    ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', '-i', path],
    limits,
  );
  return parseProbe(out);
}
