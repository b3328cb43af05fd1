/** `m:ss` or `h:mm:ss`, with tenths while stepping frame by frame. */
export function formatClipTime(seconds: number, tenths = false): string {
  if (!Number.isFinite(seconds) || seconds < 0) seconds = 0;
  const whole = Math.floor(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  const frac = tenths ? `.${Math.floor((seconds - whole) * 10)}` : '';
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}${frac}`;
}

/** One frame's length in seconds (25 fps when the clip's rate is unknown). */
export function frameSeconds(fps: number | undefined): number {
  return 1 / (fps && fps > 0 ? fps : 25);
}

/** Which frame of a preview strip to show for a position (0…frames-1). */
export function stripFrame(position: number, duration: number, frames: number): number {
  if (!(duration > 0) || frames < 1) return 0;
  return Math.min(frames - 1, Math.max(0, Math.floor((position / duration) * frames)));
}

export const SPEEDS = [0.25, 0.5, 1, 1.5, 2, 4] as const;
