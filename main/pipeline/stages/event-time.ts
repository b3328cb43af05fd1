/**
 * Event times: UTC milliseconds, or an ISO 8601 string. A time without an offset is read as UTC
 * (DESIGN.md: times are UTC), never as the server's local time.
 */
export const EARLIEST_EVENT_TIME = Date.UTC(2000, 0, 1);
export const MAX_CLOCK_SKEW_MS = 24 * 60 * 60 * 1000;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;

export type TimeParse = { ok: true; ms: number } | { ok: false; message: string };

export function parseEventTime(value: number | string): TimeParse {
  if (typeof value === 'number') {
    return Number.isFinite(value)
      ? { ok: true, ms: Math.round(value) }
      : { ok: false, message: 'Must be a finite number of milliseconds since 1970 (UTC)' };
  }
  const text = value.trim();
  let ms = Number.NaN;
  if (ISO_DATE.test(text)) ms = Date.parse(text);
  else {
    const match = ISO_DATE_TIME.exec(text);
    if (match) {
      const withT = text.replace(' ', 'T');
      // Fractions beyond milliseconds are dropped: Date.parse does not accept them everywhere.
      const trimmed = withT.replace(/(\.\d{3})\d+/, '$1');
      ms = Date.parse(match[1] ? trimmed : `${trimmed}Z`);
    }
  }
  return Number.isNaN(ms)
    ? { ok: false, message: 'Must be milliseconds since 1970 or an ISO 8601 time such as 2024-05-01T12:00:00Z' }
    : { ok: true, ms };
}

/** Null when `ms` is plausible at `now`; otherwise what is wrong with it. */
export function timeRangeProblem(ms: number, now: number): string | null {
  if (ms < EARLIEST_EVENT_TIME) {
    const hint = ms > 946_684_800 && ms < 10_000_000_000 ? ' (this looks like seconds: send milliseconds)' : '';
    return `Must be after 2000-01-01${hint}`;
  }
  if (ms > now + MAX_CLOCK_SKEW_MS) {
    return "Must not be more than a day in the future; check the sender's clock";
  }
  return null;
}
