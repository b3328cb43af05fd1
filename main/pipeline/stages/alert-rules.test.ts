import { describe, expect, it } from 'vitest';
import { AlertRuleSchema, evaluateAlertRules, type AlertRule } from './alert-rules.js';

const AT = Date.UTC(2025, 4, 1, 12, 0, 0);
const MIN = 60_000;

const rules: AlertRule[] = [
  { id: 'r-new', name: 'New groups', enabled: true, severity: 'info', type: 'new-group' },
  { id: 'r-spike', name: 'Big spikes', enabled: true, severity: 'warning', type: 'spike', minScore: 6 },
  { id: 'r-any-spike', name: 'Any spike', enabled: true, severity: 'info', type: 'spike' },
  { id: 'r-errors', name: 'Errors', enabled: true, severity: 'critical', type: 'severity', atLeast: 'error' },
  {
    id: 'r-gate',
    name: 'Gate camera',
    enabled: true,
    severity: 'warning',
    type: 'device-silent',
    device: 'gate',
    minutes: 10,
  },
  { id: 'r-off', name: 'Switched off', enabled: false, severity: 'critical', type: 'new-group' },
];

describe('evaluateAlertRules', () => {
  it('raises a new-group alert per group, keyed by rule and group', () => {
    const out = evaluateAlertRules(rules, { type: 'new-group', groupId: 'G1', template: 'disk <*> full', at: AT });
    expect(out).toEqual([
      {
        ruleId: 'r-new',
        dedupeKey: 'r-new:G1',
        title: 'New kind of event: disk <*> full',
        detail: expect.stringContaining('disk <*> full'),
        severity: 'info',
        groupId: 'G1',
        device: null,
        at: AT,
      },
    ]);
  });

  it('never raises from a disabled rule', () => {
    const out = evaluateAlertRules(rules, { type: 'new-group', groupId: 'G1', template: 't', at: AT });
    expect(out.map((c) => c.ruleId)).not.toContain('r-off');
  });

  it('raises spike alerts only at or above a rule minimum score', () => {
    const spike = {
      type: 'spike',
      groupId: 'G2',
      template: 'timeout to <ip>',
      count: 40,
      expected: 2.5,
      at: AT,
    } as const;
    expect(evaluateAlertRules(rules, { ...spike, score: 5 }).map((c) => c.dedupeKey)).toEqual(['r-any-spike:G2']);
    const both = evaluateAlertRules(rules, { ...spike, score: 6 });
    expect(both.map((c) => c.dedupeKey)).toEqual(['r-spike:G2', 'r-any-spike:G2']);
    expect(both[0]!.title).toContain('40 in a minute');
    expect(both[0]!.severity).toBe('warning');
  });

  it('raises severity alerts at or above the threshold, carrying the device', () => {
    const event = {
      type: 'event',
      eventId: 'E1',
      groupId: 'G3',
      message: 'fan failed',
      device: 'nvr-1',
      at: AT,
    } as const;
    expect(evaluateAlertRules(rules, { ...event, severity: 'warning' })).toEqual([]);
    for (const severity of ['error', 'critical'] as const) {
      const [candidate] = evaluateAlertRules(rules, { ...event, severity });
      expect(candidate).toMatchObject({ ruleId: 'r-errors', dedupeKey: 'r-errors:G3', device: 'nvr-1', groupId: 'G3' });
      expect(candidate!.title).toMatch(/on nvr-1: fan failed$/);
    }
  });

  it('raises device-silent after the configured minutes, keyed by rule and device', () => {
    const tick = (lastSeen: Record<string, number>) =>
      evaluateAlertRules(rules, { type: 'tick', at: AT, lastSeenByDevice: lastSeen });
    expect(tick({ gate: AT - 9 * MIN })).toEqual([]);
    const [silent] = tick({ gate: AT - 10 * MIN, other: AT - 500 * MIN });
    expect(silent).toMatchObject({
      ruleId: 'r-gate',
      dedupeKey: 'r-gate:gate',
      title: 'gate silent for 10 minutes',
      groupId: null,
      device: 'gate',
      severity: 'warning',
    });
    expect(tick({ gate: AT - 3 * 24 * 60 * MIN })[0]!.title).toBe('gate silent for 3 days');
  });

  it('treats a watched device that never sent anything as silent', () => {
    const [silent] = evaluateAlertRules(rules, { type: 'tick', at: AT, lastSeenByDevice: {} });
    expect(silent).toMatchObject({ dedupeKey: 'r-gate:gate', title: 'gate has sent nothing yet' });
  });

  it('keeps the dedupe key stable across repeats so one alert stays open per rule and subject', () => {
    const first = evaluateAlertRules(rules, { type: 'tick', at: AT, lastSeenByDevice: { gate: AT - 20 * MIN } });
    const later = evaluateAlertRules(rules, {
      type: 'tick',
      at: AT + 5 * MIN,
      lastSeenByDevice: { gate: AT - 20 * MIN },
    });
    expect(first[0]!.dedupeKey).toBe(later[0]!.dedupeKey);
  });
});

describe('AlertRuleSchema', () => {
  it('accepts every rule type', () => {
    for (const rule of rules) {
      const parsed: AlertRule = AlertRuleSchema.parse(rule);
      expect(parsed).toEqual(rule);
    }
  });

  it('names the failing field', () => {
    const paths = (value: unknown) => AlertRuleSchema.safeParse(value).error?.issues.map((i) => i.path.join('.')) ?? [];
    const base = { id: 'r', name: 'R', enabled: true, severity: 'info' };
    expect(paths({ ...base, type: 'severity', atLeast: 'loud' })).toEqual(['atLeast']);
    expect(paths({ ...base, type: 'device-silent', device: 'gate', minutes: 0 })).toEqual(['minutes']);
    expect(paths({ ...base, type: 'device-silent', minutes: 5 })).toEqual(['device']);
    expect(paths({ ...base, severity: 'error', type: 'new-group' })).toEqual(['severity']);
    expect(paths({ ...base, type: 'sometimes' })).toEqual(['type']);
    expect(paths({ ...base, name: ' ', type: 'new-group' })).toEqual(['name']);
  });
});
