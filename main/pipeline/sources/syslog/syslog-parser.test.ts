import { describe, expect, it } from 'vitest';
import { parseSyslog } from './syslog-parser.js';

const parse = (text: string | Buffer) => parseSyslog(Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8'));

describe('parseSyslog', () => {
  it('reads RFC 5424 with structured data, escapes and a BOM', () => {
    const result = parse(
      '<165>1 2026-11-23T12:00:01.250Z gate-cam-2 evtlog 4711 ID47 [exampleSDID@32473 iut="3" eventSource="App\\"lication\\]"][meta seq="9"] \uFEFFdisk almost full',
    );
    expect(result).toEqual({
      ok: true,
      event: {
        message: 'disk almost full',
        severity: 'notice',
        kind: 'log',
        time: Date.parse('2026-11-23T12:00:01.250Z'),
        device: 'gate-cam-2',
        attributes: {
          format: 'rfc5424',
          facility: 'local4',
          syslogSeverity: 5,
          app: 'evtlog',
          procid: '4711',
          msgid: 'ID47',
          structuredData: { 'exampleSDID@32473': { iut: '3', eventSource: 'App"lication]' }, meta: { seq: '9' } },
        },
      },
    });
  });

  it('reads RFC 5424 with nil values and no structured data', () => {
    const result = parse('<11>1 - - - - - - boom');
    expect(result).toMatchObject({ ok: true, event: { message: 'boom', severity: 'error' } });
    if (result.ok) expect(result.event.device).toBeUndefined();
  });

  it('reads RFC 3164 with host, tag and pid, mapping severity from PRI', () => {
    const receivedAt = new Date(2026, 9, 12, 8, 0, 0).getTime();
    const result = parseSyslog(
      Buffer.from("<34>Oct 11 22:14:15 mymachine su[230]: 'su root' failed on /dev/pts/8"),
      receivedAt,
    );
    expect(result).toEqual({
      ok: true,
      event: {
        message: "'su root' failed on /dev/pts/8",
        severity: 'critical',
        kind: 'log',
        time: new Date(2026, 9, 11, 22, 14, 15).getTime(),
        device: 'mymachine',
        attributes: { format: 'rfc3164', facility: 'auth', syslogSeverity: 2, app: 'su', procid: '230' },
      },
    });
  });

  it('puts a December RFC 3164 stamp received in January in the previous year', () => {
    const receivedAt = new Date(2027, 0, 1, 0, 0, 5).getTime();
    const result = parseSyslog(Buffer.from('<14>Dec 31 23:59:59 nvr kernel: tick'), receivedAt);
    expect(result.ok && result.event.time).toBe(new Date(2026, 11, 31, 23, 59, 59).getTime());
  });

  it('maps every severity code', () => {
    const severities = [0, 1, 2, 3, 4, 5, 6, 7].map((code) => {
      const r = parse(`<${8 + code}>Jan  5 01:02:03 host app: x`);
      return r.ok ? r.event.severity : r.reason;
    });
    expect(severities).toEqual(['critical', 'critical', 'critical', 'error', 'warning', 'notice', 'info', 'debug']);
  });

  it.each([
    ['binary', Buffer.from([0xff, 0xfe, 0x00, 0x81, 0x9c, 0x42])],
    ['NUL-filled', Buffer.alloc(64)],
    ['PRI out of range', Buffer.from('<192>1 - - - - - - x')],
    ['no PRI', Buffer.from('hello world')],
    ['control characters', Buffer.from('<13>Jan  5 01:02:03 host app: \u0007\u0001')],
    ['broken structured data', Buffer.from('<13>1 - host app - - [unclosed a="1" msg')],
    ['bad 5424 timestamp', Buffer.from('<13>1 yesterday host app - - - msg')],
  ])('rejects %s with a reason', (_name, bytes) => {
    const result = parseSyslog(bytes);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason.length).toBeGreaterThan(5);
  });
});
