import { describe, expect, it } from 'vitest';
import { PushRecord } from './records.js';
import { PushRequest } from './messages.js';
import { DOC_SCHEMAS, parseDocBody } from './docs.js';
import { compatibility } from './versions.js';
import { clockSample, isSkewed } from './clock.js';

const event = {
  type: 'event',
  id: '01J0000000000000000000000A',
  sourceId: '01J0000000000000000000000B',
  externalId: null,
  templateId: '01J0000000000000000000000C',
  groupId: '01J0000000000000000000000D',
  time: 1,
  receivedAt: 2,
  severity: 'error',
  kind: 'log',
  device: null,
  label: null,
  message: 'Door forced',
  category: null,
  attributes: {},
  media: [],
  acknowledgedAt: null,
  acknowledgedBy: null,
};

describe('records on the wire refuse poisoned input', () => {
  it('accepts a well-formed event', () => {
    expect(PushRecord.parse(event)).toEqual(event);
  });

  it.each([
    ['an unknown type', { ...event, type: 'drop-table' }],
    ['an id that is not an id', { ...event, id: '../../etc/passwd' }],
    ['a negative time', { ...event, time: -5 }],
    ['a number where text belongs', { ...event, message: 42 }],
    ['an extra field', { ...event, siteId: '01J0000000000000000000000E' }],
    ['a message far over the pipeline limit', { ...event, message: 'x'.repeat(300_000) }],
    ['a prototype key in attributes', { ...event, attributes: JSON.parse('{"__proto__":{"a":1}}') as unknown }],
  ])('refuses %s', (_what, record) => {
    expect(PushRecord.safeParse(record).success).toBe(false);
  });

  it('refuses requests without parts, with a negative sequence, or with a fragment index past its count', () => {
    const part = { seq: 1, after: null, next: null, done: true, records: [] };
    expect(PushRequest.safeParse({ parts: [], pending: 0, sentAt: 1 }).success).toBe(false);
    expect(PushRequest.safeParse({ parts: [{ ...part, seq: -1 }], pending: 0, sentAt: 1 }).success).toBe(false);
    const fragment = { key: 'a', index: 3, count: 3, length: 1, checksum: 0, text: 'x' };
    expect(PushRequest.safeParse({ parts: [{ ...part, fragment }], pending: 0, sentAt: 1 }).success).toBe(false);
  });

  it('checks documents against their kind', () => {
    expect(parseDocBody('releasePointer', null)).toBeNull();
    expect(() => parseDocBody('releasePointer', { version: 0 })).toThrow();
    expect(
      DOC_SCHEMAS.sitemapDraft.safeParse({
        basemap: null,
        overlay: null,
        overlays: JSON.parse('{"__proto__":{"label":"x","shapeId":null,"binding":null}}') as unknown,
      }).success,
    ).toBe(false);
    expect(
      DOC_SCHEMAS.alertRule.safeParse({ scope: 'site', rule: { type: 'severity', name: 'Errors', atLeast: 'error' } })
        .success,
    ).toBe(true);
    expect(DOC_SCHEMAS.alertRule.safeParse({ scope: 'site', rule: { type: 'severity', name: 'Errors' } }).success).toBe(
      false,
    );
  });
});

describe('versions and clocks', () => {
  const v = (protocol: number, minProtocol: number) => ({ protocol, minProtocol, version: `0.${protocol}.0` });
  it('says which side to upgrade', () => {
    expect(compatibility(v(1, 1), v(1, 1))).toEqual({ ok: true });
    expect(compatibility(v(1, 1), v(3, 2))).toMatchObject({ ok: false, upgrade: 'site' });
    expect(compatibility(v(3, 3), v(2, 1))).toMatchObject({ ok: false, upgrade: 'hub' });
  });

  it('measures the offset from one exchange and calls three days skewed', () => {
    const day = 86_400_000;
    // Site clock 3 days behind: sent at 1000 (site), received 3d+1010 (hub), answered 3d+1020, back at 1030 (site).
    expect(clockSample(1000, 3 * day + 1010, 3 * day + 1020, 1030)).toEqual({ offsetMs: 3 * day, roundTripMs: 20 });
    expect(isSkewed(3 * day)).toBe(true);
    expect(isSkewed(500)).toBe(false);
  });
});
