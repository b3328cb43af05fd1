import type { SyncStatus } from '../../../main/contract/index.js';
import { formatCount } from '../time-format.js';

/**
 * "about 2 min", "about 3 h 20 min", "about 2 d 4 h": a time left, rounded the way a person would
 * say it (an estimate from a rate is never exact, so seconds would promise too much).
 */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return 'less than a minute';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    const rest = minutes % 60;
    return rest === 0 ? `about ${hours} h` : `about ${hours} h ${rest} min`;
  }
  const days = Math.floor(hours / 24);
  const restHours = hours % 24;
  return restHours === 0 ? `about ${days} d` : `about ${days} d ${restHours} h`;
}

const plural = (n: number, one: string, many: string, locale?: string) =>
  `${formatCount(n, locale)} ${n === 1 ? one : many}`;

/** "1,240,000 records to send, about 2 min left" from sync.status's outbox. */
export function describeProgress(outbox: SyncStatus['outbox'], locale?: string): string {
  if (outbox.records === 0) return 'Nothing waiting to be sent.';
  const count = `${plural(outbox.records, 'record', 'records', locale)} to send`;
  if (outbox.etaSeconds === null) return `${count}; time left not known yet.`;
  return `${count}, ${formatDuration(outbox.etaSeconds)} left.`;
}

/** "120 records a second" (the hub's recent acknowledgement rate). */
export function describeRate(ratePerSecond: number | null, locale?: string): string | null {
  if (ratePerSecond === null) return null;
  const rounded = ratePerSecond >= 10 ? Math.round(ratePerSecond) : Math.round(ratePerSecond * 10) / 10;
  return `${formatCount(rounded, locale)} record${rounded === 1 ? '' : 's'} a second`;
}

/** "3 d 2 h", "4 min 10 s", "800 ms": an offset's size, precise enough to compare with a wall clock. */
function offsetSize(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 1000) return `${Math.round(abs)} ms`;
  const seconds = Math.round(abs / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 === 0 ? `${minutes} min` : `${minutes} min ${seconds % 60} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}

/**
 * The hub's clock against the site's, in words: `offsetMs` is hub minus site, so a positive offset
 * means the site's clock is behind. `null`: not measured yet.
 */
export function describeOffset(offsetMs: number | null, subject = "This site's clock"): string {
  if (offsetMs === null) return 'Not measured yet.';
  if (Math.abs(offsetMs) < 1000) return `${subject} agrees with the hub's (within a second).`;
  return `${subject} is ${offsetSize(offsetMs)} ${offsetMs > 0 ? 'behind' : 'ahead of'} the hub's.`;
}

/** The short form for a table cell: "+3 d 2 h" (site behind), "−4 min" (site ahead), "0 s". */
export function shortOffset(offsetMs: number | null): string {
  if (offsetMs === null) return 'not measured';
  if (Math.abs(offsetMs) < 1000) return 'in step';
  return `${offsetSize(offsetMs)} ${offsetMs > 0 ? 'behind' : 'ahead'}`;
}

export interface StateWords {
  /** A word or two for the state. */
  label: string;
  /** What it means and, when something is wrong, what to do. */
  detail: string;
  tone: 'ok' | 'busy' | 'warn' | 'error';
}

/** The state of sync in words a site's technician can act on. */
export function describeState(status: SyncStatus): StateWords {
  switch (status.state) {
    case 'not-enrolled':
      return { label: 'Not enrolled', detail: 'This site sends nothing to a hub.', tone: 'warn' };
    case 'pending':
      return {
        label: 'Waiting for the hub',
        detail:
          'The code is saved and will be used at the next connection. Nothing is lost meanwhile: records wait here.',
        tone: 'busy',
      };
    case 'synced':
      return { label: 'Synced', detail: 'The hub has everything this site recorded.', tone: 'ok' };
    case 'sending':
      return { label: 'Sending', detail: 'Records are on their way to the hub.', tone: 'busy' };
    case 'offline':
      return {
        label: 'Offline',
        detail:
          'The hub cannot be reached. Records wait here and go at the next connection; check the network or the tunnel if this lasts.',
        tone: 'warn',
      };
    case 'refused':
      return {
        label: 'Refused by the hub',
        detail:
          status.upgrade ??
          status.lastError ??
          'The hub refused this site. Ask the hub admin for a new enrolment code and enter it below.',
        tone: 'error',
      };
  }
}

/**
 * An enrolment code as people copy it from a screen or a phone call: letters upper case, I/L read
 * as 1 and O as 0 (as the hub reads them), in groups of five. Anything else is left for the server
 * to refuse by field.
 */
export function tidyCode(text: string): string {
  const plain = text
    .toUpperCase()
    .replace(/[\s-]+/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  if (!/^[0-9A-Z]+$/.test(plain)) return text.trim();
  return plain.match(/.{1,5}/g)?.join('-') ?? '';
}

const CODE_ALPHABET = /^[0-9A-HJKMNP-TV-Z]*$/;

/** Why a typed code cannot be one (for the field, before asking the site), or null. */
export function codeProblem(text: string): string | null {
  const compact = tidyCode(text).replace(/-/g, '');
  if (compact.length === 0) return 'Enrolment code is required';
  if (!CODE_ALPHABET.test(compact)) return 'Enrolment code has only letters and digits (no U)';
  if (compact.length !== 20) return `Enrolment code is 20 letters and digits; this has ${compact.length}`;
  return null;
}
