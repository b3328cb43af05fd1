import { describe, expect, it } from 'vitest';
import { EMPTY_RULE, ruleInput, ruleValues } from './alert-rule-form.js';

describe('alert rule form → alertRules.create input', () => {
  it('sends only the chosen type’s fields', () => {
    expect(ruleInput({ ...EMPTY_RULE, name: ' New things ' })).toEqual({
      type: 'new-group',
      name: 'New things',
      severity: 'warning',
    });
    expect(ruleInput({ ...EMPTY_RULE, type: 'severity', name: 'Errors', atLeast: 'critical' })).toEqual({
      type: 'severity',
      name: 'Errors',
      severity: 'warning',
      atLeast: 'critical',
    });
  });

  it('leaves an empty spike score to the server default and converts numbers', () => {
    expect(ruleInput({ ...EMPTY_RULE, type: 'spike', name: 'S' })).toEqual({
      type: 'spike',
      name: 'S',
      severity: 'warning',
    });
    expect(ruleInput({ ...EMPTY_RULE, type: 'spike', name: 'S', minScore: '4.5' })).toMatchObject({ minScore: 4.5 });
    expect(ruleInput({ ...EMPTY_RULE, type: 'device-silent', name: 'Cam', device: ' cam-1 ', minutes: '30' })).toEqual({
      type: 'device-silent',
      name: 'Cam',
      severity: 'warning',
      device: 'cam-1',
      minutes: 30,
    });
  });
});

describe('an alert rule → the form, to edit it', () => {
  const meta = { id: '01J00000000000000000000R01', createdAt: 1, updatedAt: 1, enabled: true, siteId: null };

  it('fills the chosen type’s fields, and sends back the same condition', () => {
    const silent = {
      ...meta,
      type: 'device-silent',
      name: 'Gate quiet',
      severity: 'critical',
      device: 'gate-1',
      minutes: 20,
    } as const;
    expect(ruleValues(silent)).toMatchObject({
      type: 'device-silent',
      name: 'Gate quiet',
      device: 'gate-1',
      minutes: '20',
    });
    expect(ruleInput(ruleValues(silent))).toEqual({
      type: 'device-silent',
      name: 'Gate quiet',
      severity: 'critical',
      device: 'gate-1',
      minutes: 20,
    });
    const spike = { ...meta, type: 'spike', name: 'Busy', severity: 'warning', minScore: 4.5 } as const;
    expect(ruleInput(ruleValues(spike))).toEqual({ type: 'spike', name: 'Busy', severity: 'warning', minScore: 4.5 });
    expect(ruleValues({ ...meta, type: 'spike', name: 'Any', severity: 'info' }).minScore).toBe('');
  });
});
