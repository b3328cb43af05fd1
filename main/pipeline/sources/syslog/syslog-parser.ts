import type { RawEvent, Severity } from '../../event-types.js';
import { parseSeverity } from '../../stages/index.js';

/**
 * RFC 3164 and RFC 5424 parsing, hand-written: the syslog parsers on npm are unmaintained and
 * each handles only one of the two formats or drops structured data, and we need exact control
 * over what counts as garbage (rejected and counted) versus a lenient-but-real message.
 */
export type ParsedSyslog = { ok: true; event: RawEvent } | { ok: false; reason: string };

const FACILITIES = [
  'kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'authpriv', 'ftp',
  'ntp', 'security', 'console', 'solaris-cron', 'local0', 'local1', 'local2', 'local3', 'local4',
  'local5', 'local6', 'local7',
]; // prettier-ignore

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const utf8 = new TextDecoder('utf-8', { fatal: true });
// C0 controls other than tab, LF and CR (and DEL) never appear in a real log line.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export function parseSyslog(bytes: Buffer, receivedAt = Date.now()): ParsedSyslog {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, reason: 'not valid UTF-8 text (binary data?)' };
  }
  text = text.replace(/[\r\n]+$/, '');
  if (CONTROL.test(text)) return { ok: false, reason: 'contains control characters or NUL bytes' };
  const pri = /^<(\d{1,3})>/.exec(text);
  const code = pri ? Number(pri[1]) : NaN;
  if (!pri || code > 191) {
    return { ok: false, reason: `does not start with a valid <PRI> (0–191): "${text.slice(0, 16)}"` };
  }
  const rest = text.slice(pri[0].length);
  const base = {
    facility: FACILITIES[code >> 3] ?? `facility${code >> 3}`,
    syslogSeverity: code & 7,
    severity: parseSeverity(code & 7) ?? 'info',
  };
  return rest.startsWith('1 ') ? parse5424(rest.slice(2), base) : parse3164(rest, base, receivedAt);
}

interface Base {
  facility: string;
  syslogSeverity: number;
  severity: Severity;
}

const nil = (value: string | undefined): string | undefined =>
  value === undefined || value === '-' ? undefined : value;

function parse5424(rest: string, base: Base): ParsedSyslog {
  const header = /^(\S+) (\S+) (\S+) (\S+) (\S+) /.exec(rest);
  if (!header) return { ok: false, reason: 'RFC 5424 header is incomplete (TIMESTAMP HOSTNAME APP-NAME PROCID MSGID)' };
  const [, stamp, host, app, procid, msgid] = header;
  let time: number | undefined;
  if (stamp !== '-') {
    time = Date.parse(stamp ?? '');
    if (!/^\d{4}-\d\d-\d\dT/.test(stamp ?? '') || Number.isNaN(time)) {
      return { ok: false, reason: `RFC 5424 TIMESTAMP is not RFC 3339: "${stamp}"` };
    }
  }
  const sd = parseStructuredData(rest.slice(header[0].length));
  if (!sd.ok) return sd;
  let message = sd.rest.startsWith(' ') ? sd.rest.slice(1) : sd.rest;
  if (message.startsWith('\uFEFF')) message = message.slice(1);
  const attributes: Record<string, unknown> = { format: 'rfc5424', facility: base.facility };
  attributes.syslogSeverity = base.syslogSeverity;
  if (nil(app)) attributes.app = app;
  if (nil(procid)) attributes.procid = procid;
  if (nil(msgid)) attributes.msgid = msgid;
  if (sd.data) attributes.structuredData = sd.data;
  return {
    ok: true,
    event: {
      message: message || `(empty message from ${nil(app) ?? 'syslog'})`,
      severity: base.severity,
      kind: 'log',
      ...(time === undefined ? {} : { time }),
      ...(nil(host) ? { device: host } : {}),
      attributes,
    },
  };
}

type SdResult =
  { ok: true; data: Record<string, Record<string, string>> | undefined; rest: string } | { ok: false; reason: string };

/** `-` or one or more `[id name="value" …]`; values escape `"`, `\` and `]` with a backslash. */
function parseStructuredData(input: string): SdResult {
  if (input === '-' || input.startsWith('- ')) return { ok: true, data: undefined, rest: input.slice(1) };
  if (!input.startsWith('[')) return { ok: false, reason: 'RFC 5424 STRUCTURED-DATA must be "-" or start with "["' };
  const data: Record<string, Record<string, string>> = {};
  let i = 0;
  while (input[i] === '[') {
    const id = /^\[([^\s\]="]{1,32})/.exec(input.slice(i));
    if (!id?.[1]) return { ok: false, reason: 'RFC 5424 SD-ELEMENT has no valid SD-ID' };
    const params: Record<string, string> = {};
    i += id[0].length;
    while (input[i] === ' ') {
      const name = /^ ([^\s\]="]{1,32})="/.exec(input.slice(i));
      if (!name?.[1]) return { ok: false, reason: `RFC 5424 SD-PARAM in [${id[1]}] is malformed` };
      i += name[0].length;
      let value = '';
      for (; i < input.length && input[i] !== '"'; i++) {
        if (input[i] === '\\' && ['"', '\\', ']'].includes(input[i + 1] ?? '')) i++;
        value += input[i];
      }
      if (input[i] !== '"') return { ok: false, reason: `RFC 5424 SD-PARAM ${name[1]} is not closed with "` };
      params[name[1]] = value;
      i++;
    }
    if (input[i] !== ']') return { ok: false, reason: `RFC 5424 SD-ELEMENT [${id[1]}] is not closed with ]` };
    data[id[1]] = params;
    i++;
  }
  return { ok: true, data, rest: input.slice(i) };
}

const RFC3164_STAMP = /^([A-Z][a-z]{2}) ( \d|\d\d) (\d\d):(\d\d):(\d\d) /;
const TAG = /^([^\s:[\]]{1,48})(?:\[([^\]\s]{1,32})\])?: ?/;

function parse3164(rest: string, base: Base, receivedAt: number): ParsedSyslog {
  const attributes: Record<string, unknown> = { format: 'rfc3164', facility: base.facility };
  attributes.syslogSeverity = base.syslogSeverity;
  let time: number | undefined;
  let host: string | undefined;
  const stamp = RFC3164_STAMP.exec(rest);
  const month = stamp ? MONTHS.indexOf(stamp[1] ?? '') : -1;
  if (stamp && month >= 0) {
    time = stampToTime(month, Number(stamp[2]), Number(stamp[3]), Number(stamp[4]), Number(stamp[5]), receivedAt);
    rest = rest.slice(stamp[0].length);
    // The next word is the hostname unless it already looks like the tag (some senders omit the host).
    const word = /^(\S+) /.exec(rest);
    if (word?.[1] && !word[1].endsWith(':') && !word[1].includes('[')) {
      host = word[1];
      rest = rest.slice(word[0].length);
    }
  }
  // Without a timestamp (RFC 3164 §4.3.3 relays), the whole rest is tag and message.
  const tag = TAG.exec(rest);
  if (tag?.[1]) {
    attributes.app = tag[1];
    if (tag[2]) attributes.procid = tag[2];
    rest = rest.slice(tag[0].length);
  }
  return {
    ok: true,
    event: {
      message: rest || `(empty message from ${String(attributes.app ?? 'syslog')})`,
      severity: base.severity,
      kind: 'log',
      ...(time === undefined ? {} : { time }),
      ...(host ? { device: host } : {}),
      attributes,
    },
  };
}

/** RFC 3164 stamps carry no year or zone: the receiver's local time, in the year that is not in the future. */
function stampToTime(month: number, day: number, h: number, m: number, s: number, receivedAt: number): number {
  const year = new Date(receivedAt).getFullYear();
  const time = new Date(year, month, day, h, m, s).getTime();
  // A December stamp received on 1 January belongs to last year.
  return time - receivedAt > 86_400_000 ? new Date(year - 1, month, day, h, m, s).getTime() : time;
}
