import { SEVERITIES, type Severity } from '../event-types.js';

/**
 * Senders spell severities many ways (log libraries, syslog, cameras). Everything a user is likely
 * to send maps onto Outpost's six levels; anything else is rejected rather than guessed.
 */
const ALIASES: Record<string, Severity> = {
  trace: 'debug',
  verbose: 'debug',
  information: 'info',
  informational: 'info',
  warn: 'warning',
  err: 'error',
  crit: 'critical',
  fatal: 'critical',
  alert: 'critical',
  emerg: 'critical',
  emergency: 'critical',
  panic: 'critical',
};

/** Syslog severities 0 (emergency) … 7 (debug), RFC 5424 §6.2.1. */
const SYSLOG_LEVELS: readonly Severity[] = [
  'critical',
  'critical',
  'critical',
  'error',
  'warning',
  'notice',
  'info',
  'debug',
];

const RANK: Record<Severity, number> = Object.fromEntries(SEVERITIES.map((s, i) => [s, i])) as Record<Severity, number>;

/** Accepted spellings, for error messages. */
export const SEVERITY_SPELLINGS = `${SEVERITIES.join(', ')} (or ${Object.keys(ALIASES).join(', ')}, or syslog 0-7)`;

/** The Outpost severity for a name, alias or syslog number; null when it is none of them. */
export function parseSeverity(value: unknown): Severity | null {
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= 0 && value <= 7 ? SYSLOG_LEVELS[value]! : null;
  }
  if (typeof value !== 'string') return null;
  const name = value.trim().toLowerCase();
  if (/^[0-7]$/.test(name)) return SYSLOG_LEVELS[Number(name)]!;
  if (Object.hasOwn(RANK, name)) return name as Severity;
  return Object.hasOwn(ALIASES, name) ? ALIASES[name]! : null;
}

/** 0 for debug … 5 for critical. */
export function severityRank(severity: Severity): number {
  return RANK[severity];
}
