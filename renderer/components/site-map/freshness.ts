/**
 * The one-line answer to "can I trust these colours?", shared by the viewer and the wall board:
 * live and how old, stale with the error and the age of the last good answer, or nothing yet.
 */
export interface Freshness {
  /** Age of the last good answer in ms; null when no source has answered yet. */
  ageMs: number | null;
  stale: boolean;
  error: string | null;
}

export interface FreshnessLine {
  tone: 'live' | 'stale' | 'none';
  text: string;
}

/** "12 s ago", "3 min ago", "2 h ago", "4 d ago": seconds matter on a live map. */
export function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

export function describeFreshness(f: Freshness | null, whyNone?: string | null): FreshnessLine {
  if (f === null || f.ageMs === null) {
    const why = f?.error ?? whyNone;
    return { tone: 'none', text: `No status source answered yet${why ? ` (${why})` : ''}` };
  }
  if (f.stale) {
    return {
      tone: 'stale',
      text: `Stale: ${f.error ?? 'the source did not answer'}, last good answer ${formatAge(f.ageMs)}`,
    };
  }
  return { tone: 'live', text: `Live · updated ${formatAge(f.ageMs)}` };
}
