/**
 * Times as operators read them in a feed: always the date and the time zone (a control room
 * compares times with other sites' logs and phone calls), the year only when it is not this year.
 * The `now`, `locale` and `timeZone` parameters make the output deterministic in tests.
 */
export function formatTime(ms: number, now = Date.now(), locale?: string, timeZone?: string): string {
  const at = new Date(ms);
  const year = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric' }).format(d);
  const options: Intl.DateTimeFormatOptions = {
    timeZone,
    ...(year(at) === year(new Date(now)) ? {} : { year: 'numeric' }),
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZoneName: 'short',
  };
  return new Intl.DateTimeFormat(locale, options).format(at);
}

/** Full timestamp with the time zone, for detail views and tooltips. */
export function formatDateTime(ms: number, locale?: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium', timeStyle: 'long' }).format(new Date(ms));
}

/** "just now", "5 min ago", "3 h ago", "2 d ago": for last-seen columns. */
export function formatAgo(ms: number, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - ms) / 1000));
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} d ago`;
}

export function formatCount(n: number, locale?: string): string {
  return new Intl.NumberFormat(locale).format(n);
}
