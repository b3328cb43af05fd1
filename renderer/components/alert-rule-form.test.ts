import { describe, expect, it } from 'vitest';
import { EMPTY_RULE, ruleInput } from './alert-rule-form.js';

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
