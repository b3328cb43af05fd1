import { describe, expect, it } from 'vitest';
import { OutpostError } from '../../contract/index.js';
import { normalizeEvent, normalizeWithSchema } from './normalize.js';

const NOW = Date.UTC(2025, 4, 1, 12, 0, 0);

function issuesFor(raw: unknown): { path: string; message: string }[] {
  try {
    normalizeEvent(raw, NOW);
  } catch (err) {
    expect(err).toBeInstanceOf(OutpostError);
    expect((err as OutpostError).code).toBe('invalid_input');
    return (err as OutpostError).issues ?? [];
  }
  throw new Error('expected normalizeEvent to reject the input');
}

function pathsFor(raw: unknown): string[] {
  return issuesFor(raw).map((i) => i.path);
}

describe('normalizeEvent', () => {
  it('fills defaults for a bare message', () => {
    expect(normalizeEvent({ message: '  disk full  ' }, NOW)).toEqual({
      externalId: null,
      time: NOW,
      receivedAt: NOW,
      message: 'disk full',
      severity: 'info',
      kind: 'log',
      device: null,
      label: null,
      attributes: {},
      media: [],
      textReplaced: 0,
    });
  });

  it('keeps every valid field', () => {
    const media = [{ kind: 'snapshot', sha256: 'a'.repeat(64), contentType: 'image/jpeg', size: 10 }];
    const event = normalizeEvent(
      {
        externalId: 'frigate-1',
        time: NOW - 1000,
        message: 'person detected',
        severity: 'notice',
        kind: 'detection',
        device: 'gate-cam',
        label: 'person',
        attributes: { score: 0.91, zones: ['drive'] },
        media,
        unknownField: 'dropped',
      },
      NOW,
    );
    expect(event).toMatchObject({ externalId: 'frigate-1', time: NOW - 1000, kind: 'detection', device: 'gate-cam' });
    expect(event.attributes).toEqual({ score: 0.91, zones: ['drive'] });
    expect(event.media).toEqual(media);
    expect(event).not.toHaveProperty('unknownField');
  });

  it('accepts severity aliases and syslog numbers', () => {
    const cases: [unknown, string][] = [
      ['warn', 'warning'],
      ['WARNING', 'warning'],
      ['err', 'error'],
      ['fatal', 'critical'],
      ['crit', 'critical'],
      ['information', 'info'],
      ['notice', 'notice'],
      [0, 'critical'],
      [2, 'critical'],
      [3, 'error'],
      [4, 'warning'],
      [5, 'notice'],
      [6, 'info'],
      [7, 'debug'],
      ['4', 'warning'],
    ];
    for (const [severity, expected] of cases) {
      expect(normalizeEvent({ message: 'x', severity }, NOW).severity, String(severity)).toBe(expected);
    }
  });

  it('rejects unknown severities naming the field and the accepted values', () => {
    for (const severity of ['loud', 8, -1, 2.5, true]) {
      const issues = issuesFor({ message: 'x', severity });
      expect(issues.map((i) => i.path)).toEqual(['severity']);
      expect(issues[0]!.message).toContain('warning');
    }
  });

  it('requires a non-empty text message', () => {
    expect(pathsFor({})).toEqual(['message']);
    expect(issuesFor({}).at(0)!.message).toMatch(/required/i);
    expect(pathsFor({ message: '   \u0000 ' })).toEqual(['message']);
    expect(pathsFor({ message: 42 })).toEqual(['message']);
    expect(pathsFor('just a string')).toEqual(['']);
    expect(pathsFor(null)).toEqual(['']);
  });

  it('rejects a message over 64 KiB instead of truncating it', () => {
    expect(normalizeEvent({ message: 'a'.repeat(65_536) }, NOW).message).toHaveLength(65_536);
    expect(pathsFor({ message: 'a'.repeat(65_537) })).toEqual(['message']);
    // 3-byte characters: 21,846 of them are 65,538 bytes.
    expect(pathsFor({ message: '€'.repeat(21_846) })).toEqual(['message']);
  });

  it('replaces control characters (counting them), keeps newlines and tabs in messages, drops colour codes', () => {
    const event = normalizeEvent(
      {
        message: '\u0007Error\u0000 at\r\n\tline 3\rend\u001b[31m red\u001b[0m',
        device: 'cam\n1\t',
        label: ' person\u0000 ',
      },
      NOW,
    );
    expect(event.message).toBe('\uFFFDError\uFFFD at\n\tline 3\nend red');
    expect(event.device).toBe('cam 1');
    expect(event.label).toBe('person\uFFFD');
    expect(event.textReplaced).toBe(3);
  });

  it('replaces bidi overrides and lone surrogates anywhere in the text, attributes included', () => {
    const event = normalizeEvent(
      {
        message: 'Gate \u202Eevil\u202C opened',
        device: 'door\u2066-1',
        externalId: 'id-\uD800',
        attributes: { note: 'x\u202Ey', 'key\u0000': ['\uDC00ok'] },
      },
      NOW,
    );
    expect(event.message).toBe('Gate \uFFFDevil\uFFFD opened');
    expect(event.device).toBe('door\uFFFD-1');
    expect(event.externalId).toBe('id-\uFFFD');
    expect(event.attributes).toEqual({ note: 'x\uFFFDy', 'key\uFFFD': ['\uFFFDok'] });
    expect(event.textReplaced).toBe(7);
    // Emoji and other well-formed text outside the BMP are left alone.
    expect(normalizeEvent({ message: 'ok 👍 😀' }, NOW)).toMatchObject({ message: 'ok 👍 😀', textReplaced: 0 });
  });

  it('accepts times as milliseconds or ISO strings, reading a missing offset as UTC', () => {
    expect(normalizeEvent({ message: 'x', time: '2025-05-01T10:00:00Z' }, NOW).time).toBe(Date.UTC(2025, 4, 1, 10));
    expect(normalizeEvent({ message: 'x', time: '2025-05-01T10:00:00' }, NOW).time).toBe(Date.UTC(2025, 4, 1, 10));
    expect(normalizeEvent({ message: 'x', time: '2025-05-01 10:00:00.123456+02:00' }, NOW).time).toBe(
      Date.UTC(2025, 4, 1, 8, 0, 0, 123),
    );
    expect(normalizeEvent({ message: 'x', time: '2025-04-30' }, NOW).time).toBe(Date.UTC(2025, 3, 30));
  });

  it('rejects impossible times', () => {
    expect(pathsFor({ message: 'x', time: Number.NaN })).toEqual(['time']);
    expect(pathsFor({ message: 'x', time: 'yesterday' })).toEqual(['time']);
    expect(pathsFor({ message: 'x', time: Date.UTC(1999, 11, 31) })).toEqual(['time']);
    expect(pathsFor({ message: 'x', time: NOW + 25 * 3600 * 1000 })).toEqual(['time']);
    expect(issuesFor({ message: 'x', time: 1_714_560_000 })[0]!.message).toMatch(/seconds/);
    expect(normalizeEvent({ message: 'x', time: NOW + 23 * 3600 * 1000 }, NOW).time).toBe(NOW + 23 * 3600 * 1000);
  });

  it('limits device, label and externalId to 200 characters', () => {
    expect(pathsFor({ message: 'x', device: 'd'.repeat(201) })).toEqual(['device']);
    expect(pathsFor({ message: 'x', label: 'l'.repeat(201) })).toEqual(['label']);
    expect(pathsFor({ message: 'x', externalId: 'e'.repeat(201) })).toEqual(['externalId']);
    expect(normalizeEvent({ message: 'x', externalId: 1234 }, NOW).externalId).toBe('1234');
  });

  it('checks attributes are a small, shallow JSON object', () => {
    expect(pathsFor({ message: 'x', attributes: [1, 2] })).toEqual(['attributes']);
    expect(pathsFor({ message: 'x', attributes: 'text' })).toEqual(['attributes']);
    expect(pathsFor({ message: 'x', attributes: { blob: 'b'.repeat(33 * 1024) } })).toEqual(['attributes']);
    expect(pathsFor({ message: 'x', attributes: { n: 10n } })).toEqual(['attributes']);
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 7; i++) deep = { nested: deep };
    expect(normalizeEvent({ message: 'x', attributes: deep }, NOW).attributes).toEqual(deep);
    expect(pathsFor({ message: 'x', attributes: { nested: deep } })).toEqual(['attributes']);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(pathsFor({ message: 'x', attributes: cyclic })).toEqual(['attributes']);
  });

  it('validates media references', () => {
    expect(
      pathsFor({ message: 'x', media: [{ kind: 'snapshot', sha256: '../etc', contentType: 'image/png', size: 1 }] }),
    ).toEqual(['media.0.sha256']);
  });

  it('reports every failing field at once', () => {
    expect(pathsFor({ message: '', severity: 'loud', kind: 'weird', time: 5 }).sort()).toEqual(
      ['kind', 'message', 'severity', 'time'].sort(),
    );
  });

  it('gives a plain log line the same result or the same error as the schema', () => {
    const outcome = (normalize: typeof normalizeEvent, raw: unknown) => {
      try {
        return normalize(raw, NOW);
      } catch (err) {
        return { error: (err as OutpostError).message, issues: (err as OutpostError).issues };
      }
    };
    const lines: unknown[] = [
      { message: 'disk full on /var' },
      { message: '  padded  ', device: 'cam-1', severity: 'WARN' },
      { message: 'x', device: null, label: null, severity: null },
      { message: 'x', severity: '' },
      { message: 'x', severity: 3 },
      { message: 'x', severity: '7' },
      { message: 'x', severity: 'loud' },
      { message: 'x', severity: true },
      { message: '' },
      { message: '   ' },
      { message: '\u0007' },
      { message: 'bell \u0007 in text' },
      { message: 'colour \u001b[31mred\u001b[0m', device: 'a\tb\nc' },
      { message: 'line\r\nbreak' },
      { message: 'x', device: '' },
      { message: 'x', device: 'd'.repeat(201) },
      { message: 'x', device: ' '.repeat(300) + 'd' },
      { message: 'x', device: 42 },
      { message: 'x', label: 'bidi \u202e here' },
      { message: 'é'.repeat(30_000) },
      { message: 42 },
      { message: 'x', time: 1_700_000_000_000 },
      { message: 'x', extra: 1 },
      { device: 'cam-1' },
      Object.assign(Object.create(null) as object, { message: 'no prototype' }),
      ['message'],
      'message',
      null,
    ];
    for (const raw of lines) expect(outcome(normalizeEvent, raw)).toEqual(outcome(normalizeWithSchema, raw));
  });
});
