import type { RawEvent, Severity } from '../../event-types.js';
import type { PostgresConfig } from './postgres-config.js';

const SEVERITY_WORDS: Record<string, Severity> = {
  emerg: 'critical', emergency: 'critical', alert: 'critical', crit: 'critical', critical: 'critical',
  fatal: 'critical', panic: 'critical', err: 'error', error: 'error', warn: 'warning', warning: 'warning',
  notice: 'notice', info: 'info', information: 'info', informational: 'info', log: 'info', debug: 'debug',
  trace: 'debug', verbose: 'debug',
}; // prettier-ignore
const SYSLOG_CODES: Severity[] = ['critical', 'critical', 'critical', 'error', 'warning', 'notice', 'info', 'debug'];

/** Level words as applications write them (ERROR, warn, Fatal…) or syslog codes 0–7. */
export function toSeverity(value: unknown): Severity | undefined {
  if (typeof value === 'number') return SYSLOG_CODES[value];
  if (typeof value !== 'string') return undefined;
  const word = value.trim().toLowerCase();
  if (/^[0-7]$/.test(word)) return SYSLOG_CODES[Number(word)];
  return SEVERITY_WORDS[word];
}

/**
 * Timestamps arrive as PostgreSQL's text (the adapter keeps them as text so a cursor keeps its
 * microseconds); a value without a zone is taken as UTC.
 */
export function toMillis(value: unknown): number | undefined {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  let iso = value.trim().replace(' ', 'T');
  const zone = /([+-]\d\d)(:?\d\d)?$/.exec(iso);
  if (zone && iso.includes('T') && zone.index > iso.indexOf('T')) {
    iso = iso.slice(0, zone.index) + `${zone[1]}:${(zone[2] ?? '00').replace(':', '')}`;
  } else if (!/Z$/i.test(iso)) iso += 'Z';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

function jsonSafe(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return `<${value.length} bytes>`;
  if (typeof value === 'bigint') return value.toString();
  return value;
}

export type MappedRow = { ok: true; event: RawEvent; cursor: string } | { ok: false; reason: string; cursor: string };

/** One result row → one event. Columns not mapped to a field are kept as attributes. */
export function rowToEvent(row: Record<string, unknown>, config: PostgresConfig): MappedRow {
  const cursor = String(row[config.cursorColumn]);
  const message = row[config.messageColumn];
  if (message === null || message === undefined || String(message).trim() === '') {
    return { ok: false, cursor, reason: `row ${config.cursorColumn}=${cursor} has an empty ${config.messageColumn}` };
  }
  const mapped = new Set([config.messageColumn, config.severityColumn, config.deviceColumn, config.timeColumn]);
  const attributes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (!mapped.has(key) && value !== null) attributes[key] = jsonSafe(value);
  }
  const event: RawEvent = { message: String(message), kind: 'error', attributes };
  const externalId = config.externalIdColumn
    ? row[config.externalIdColumn]
    : config.cursorType === 'id'
      ? cursor
      : undefined;
  if (externalId !== undefined && externalId !== null) event.externalId = String(externalId);
  const severity = config.severityColumn ? toSeverity(row[config.severityColumn]) : undefined;
  if (severity) event.severity = severity;
  const device = config.deviceColumn ? row[config.deviceColumn] : undefined;
  if (device !== undefined && device !== null) event.device = String(device);
  const time = config.timeColumn ? toMillis(row[config.timeColumn]) : undefined;
  if (time !== undefined) event.time = time;
  return { ok: true, event, cursor };
}
