import { describe, expect, it } from 'vitest';
import { OutpostError } from '../../contract/index.js';
import type { NormalizedEvent } from './normalize.js';
import { createClassifier } from './classify.js';
import { DEFAULT_PROTOTYPE_TEXTS } from './classifier-defaults.js';

function event(message: string, extra: Partial<NormalizedEvent> = {}): NormalizedEvent {
  return {
    externalId: null,
    time: 1,
    receivedAt: 1,
    message,
    severity: 'info',
    kind: 'log',
    device: null,
    label: null,
    attributes: {},
    media: [],
    textReplaced: 0,
    ...extra,
  };
}

describe('createClassifier default rules', () => {
  const classifier = createClassifier();
  const categoryOf = (message: string, extra: Partial<NormalizedEvent> = {}) =>
    classifier.classify(event(message, extra)).category;

  it('maps detection labels directly', () => {
    expect(classifier.classify(event('object seen', { kind: 'detection', label: 'person' }))).toEqual({
      category: 'person',
      tags: ['detection'],
      via: 'rule',
    });
    expect(categoryOf('object seen', { label: 'car' })).toBe('vehicle');
    expect(categoryOf('object seen', { label: 'Truck' })).toBe('vehicle');
    expect(categoryOf('object seen', { label: 'motion' })).toBe('motion');
  });

  it('recognises each category in log text', () => {
    const cases: [string, string][] = [
      ['Motion detected in zone driveway', 'motion'],
      ['camera gate-cam went offline', 'camera-offline'],
      ['RTSP stream from nvr-2 lost after 30 s', 'camera-offline'],
      ['Power failure: running on battery', 'power'],
      ['UPS reports low battery (12%)', 'power'],
      ['write failed: no space left on device', 'storage'],
      ['RAID array md0 degraded', 'storage'],
      ['Failed password for invalid user admin from <ip>', 'auth'],
      ['authentication failure; logname= uid=0', 'auth'],
      ['connection refused by <ip>:443', 'network'],
      ['DNS resolution failed for hub.example', 'network'],
    ];
    for (const [message, category] of cases) expect(categoryOf(message), message).toBe(category);
  });

  it('leaves unrelated events uncategorised', () => {
    expect(classifier.classify(event('Scheduled report generated'))).toEqual({ category: null, tags: [], via: null });
    expect(categoryOf('upsert completed for 3 rows')).toBeNull();
  });
});

describe('createClassifier user rules', () => {
  it('checks user rules before the defaults and returns their tags', () => {
    const classifier = createClassifier({
      rules: [
        { category: 'door', match: { field: 'device', pattern: '^door-' }, tags: ['access', 'door'] },
        { category: 'tamper', match: { field: 'message', pattern: 'tamper' } },
      ],
    });
    expect(classifier.classify(event('connection lost', { device: 'door-3' }))).toEqual({
      category: 'door',
      tags: ['access', 'door'],
      via: 'rule',
    });
    expect(classifier.classify(event('Camera TAMPER alarm, video lost')).category).toBe('tamper');
    expect(classifier.classify(event('connection lost', { device: 'cam-1' })).category).toBe('network');
  });

  it('can run without the default rules', () => {
    const classifier = createClassifier({ rules: [], useDefaultRules: false });
    expect(classifier.classify(event('disk full')).category).toBeNull();
  });

  it('rejects an invalid rule pattern naming the rule', () => {
    let caught: unknown;
    try {
      createClassifier({ rules: [{ category: 'x', match: { field: 'message', pattern: '(' } }] });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(OutpostError);
    expect((caught as OutpostError).issues?.[0]?.path).toBe('rules.0.match.pattern');
  });

  it('runs user patterns on the linear-time engine: refuses lookaround, survives catastrophic ones', () => {
    expect(() =>
      createClassifier({ rules: [{ category: 'x', match: { field: 'message', pattern: 'door(?! closed)' } }] }),
    ).toThrow(/rules\.0\.match\.pattern: The pattern uses lookahead or lookbehind/u);
    const classifier = createClassifier({
      rules: [{ category: 'stuck', match: { field: 'message', pattern: '^(a+)+$' } }],
      useDefaultRules: false,
    });
    // 2^20000 ways to split the text on a backtracking engine; one pass on RE2.
    expect(classifier.classify(event(`${'a'.repeat(20_000)}!`)).category).toBeNull();
    expect(classifier.classify(event('AAAA')).category).toBe('stuck');
  });
});

describe('createClassifier prototypes', () => {
  const v = (...xs: number[]) => Float32Array.from(xs);
  const classifier = createClassifier({
    prototypes: [
      { category: 'storage', vector: v(10, 0, 0) },
      { category: 'network', vector: v(0, 1, 0) },
      { category: 'network', vector: v(0, 1, 1) },
    ],
    minSimilarity: 0.8,
  });

  it('picks the most similar prototype when no rule matched, whatever the vector lengths', () => {
    expect(classifier.classify(event('something odd happened'), v(0.1, 3, 0.2))).toEqual({
      category: 'network',
      tags: [],
      via: 'prototype',
    });
    expect(classifier.classify(event('something odd happened'), v(5, 0.5, 0)).category).toBe('storage');
  });

  it('returns nothing below the minimum similarity, without a vector or for another dimension', () => {
    expect(classifier.classify(event('something odd happened'), v(1, 1, 0)).via).toBeNull();
    expect(classifier.classify(event('something odd happened')).via).toBeNull();
    expect(classifier.classify(event('something odd happened'), v(1, 0)).via).toBeNull();
    expect(classifier.classify(event('something odd happened'), v(0, 0, 0)).via).toBeNull();
  });

  it('prefers a rule over a prototype', () => {
    expect(classifier.classify(event('disk full'), v(0, 1, 0))).toMatchObject({ category: 'storage', via: 'rule' });
  });

  it('ships prototype texts for every default category', () => {
    for (const category of ['network', 'storage', 'auth', 'power', 'camera-offline', 'person', 'vehicle', 'motion']) {
      expect(DEFAULT_PROTOTYPE_TEXTS[category]?.length, category).toBeGreaterThan(0);
    }
  });
});
