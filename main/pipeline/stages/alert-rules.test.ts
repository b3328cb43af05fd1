import { describe, expect, it } from 'vitest';
import { evaluateAlertRules, type AlertRule } from './alert-rules.js';

const AT = Date.UTC(2025, 4, 1, 12, 0, 0);
const MIN = 60_000;

// As the store returns them: every rule watches every site and was created a day before AT.
const stored = { siteId: null, createdAt: AT - 24 * 60 * MIN, updatedAt: AT - 24 * 60 * MIN };
const rules: AlertRule[] = [
  { ...stored, id: 'r-new', name: 'New groups', enabled: true, severity: 'info', type: 'new-group' },
  { ...stored, id: 'r-spike', name: 'Big spikes', enabled: true, severity: 'warning', type: 'spike', minScore: 6 },
  { ...stored, id: 'r-any-spike', name: 'Any spike', enabled: true, severity: 'info', type: 'spike' },
  {
    ...stored,
    id: 'r-errors',
    name: 'Errors',
    enabled: true,
    severity: 'critical',
    type: 'severity',
    atLeast: 'error',
  },
  {
    ...stored,
    id: 'r-gate',
    name: 'Gate camera',
    enabled: true,
    severity: 'warning',
    type: 'device-silent',
    device: 'gate',
    minutes: 10,
  },
  { ...stored, id: 'r-off', name: 'Switched off', enabled: false, severity: 'critical', type: 'new-group' },
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

  it('leaves out the alerts whose keys a batch already raised, and only those', () => {
    const signal = { type: 'spike', groupId: 'G2', template: 't', count: 50, expected: 2, score: 9, at: AT } as const;
    const raised = new Set(['r-spike:G2']);
    expect(evaluateAlertRules(rules, signal, raised).map((c) => c.dedupeKey)).toEqual(['r-any-spike:G2']);
    expect(evaluateAlertRules(rules, signal, new Set(['r-spike:G9'])).map((c) => c.dedupeKey)).toEqual([
      'r-spike:G2',
      'r-any-spike:G2',
    ]);
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

  it('treats a watched device that never sent anything as silent once the rule is the minutes old', () => {
    const [silent] = evaluateAlertRules(rules, { type: 'tick', at: AT, lastSeenByDevice: {} });
    expect(silent).toMatchObject({ dedupeKey: 'r-gate:gate', title: 'gate has sent nothing in 24 hours' });
    expect(silent!.detail).toContain('since rule "Gate camera" was created');
  });

  it('gives a device that never reported the rule’s minutes from the rule’s creation', () => {
    const fresh: AlertRule[] = [{ ...rules[4]!, createdAt: AT - 9 * MIN, updatedAt: AT - 9 * MIN }];
    expect(evaluateAlertRules(fresh, { type: 'tick', at: AT, lastSeenByDevice: {} })).toEqual([]);
    const [silent] = evaluateAlertRules(fresh, { type: 'tick', at: AT + MIN, lastSeenByDevice: {} });
    expect(silent).toMatchObject({ dedupeKey: 'r-gate:gate', title: 'gate has sent nothing in 10 minutes' });
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
