import { describe, expect, it } from 'vitest';
import { CreateAlertRuleInput } from './alerts.js';

// The one validator of alert rules: the pipeline's evaluator reads what this let through.
describe('CreateAlertRuleInput', () => {
  it('accepts every rule type, filling the common defaults', () => {
    const base = { name: 'R' };
    for (const rule of [
      { ...base, type: 'new-group' },
      { ...base, type: 'spike', minScore: 6 },
      { ...base, type: 'severity', atLeast: 'error' },
      { ...base, type: 'device-silent', device: 'gate', minutes: 10 },
    ]) {
      expect(CreateAlertRuleInput.parse(rule)).toEqual({ ...rule, severity: 'warning', enabled: true, siteId: null });
    }
  });

  it('names the failing field', () => {
    const paths = (value: unknown) =>
      CreateAlertRuleInput.safeParse(value).error?.issues.map((i) => i.path.join('.')) ?? [];
    const base = { name: 'R' };
    expect(paths({ ...base, type: 'severity', atLeast: 'loud' })).toEqual(['atLeast']);
    expect(paths({ ...base, type: 'device-silent', device: 'gate', minutes: 0 })).toEqual(['minutes']);
    expect(paths({ ...base, type: 'device-silent', minutes: 5 })).toEqual(['device']);
    expect(paths({ ...base, severity: 'error', type: 'new-group' })).toEqual(['severity']);
    expect(paths({ ...base, type: 'sometimes' })).toEqual(['type']);
    expect(paths({ name: ' ', type: 'new-group' })).toEqual(['name']);
  });
});
