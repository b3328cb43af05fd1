import type { AlertRule, AlertRuleType, AlertSeverity, EventSeverity, InputOf } from '../../main/contract/index.js';

export interface RuleFormValues {
  type: AlertRuleType;
  name: string;
  severity: AlertSeverity;
  minScore: string;
  atLeast: EventSeverity;
  device: string;
  minutes: string;
}

export const EMPTY_RULE: RuleFormValues = {
  type: 'new-group',
  name: '',
  severity: 'warning',
  minScore: '',
  atLeast: 'error',
  device: '',
  minutes: '15',
};

/** A rule's settings in the form, to edit it: the other types' fields keep their defaults. */
export function ruleValues(rule: AlertRule): RuleFormValues {
  const values: RuleFormValues = { ...EMPTY_RULE, type: rule.type, name: rule.name, severity: rule.severity };
  switch (rule.type) {
    case 'new-group':
      return values;
    case 'spike':
      return { ...values, minScore: rule.minScore === undefined ? '' : String(rule.minScore) };
    case 'severity':
      return { ...values, atLeast: rule.atLeast };
    case 'device-silent':
      return { ...values, device: rule.device, minutes: String(rule.minutes) };
  }
}

/** A number as typed when it does not parse, so the server's validation names the field. */
function num(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? Number.NaN : Number(trimmed);
}

/** The form's values as `alertRules.create` input: only the chosen type's fields. */
export function ruleInput(values: RuleFormValues): InputOf<'alertRules.create'> {
  const common = { name: values.name.trim(), severity: values.severity };
  switch (values.type) {
    case 'new-group':
      return { ...common, type: 'new-group' };
    case 'spike':
      return values.minScore.trim() === ''
        ? { ...common, type: 'spike' }
        : { ...common, type: 'spike', minScore: num(values.minScore) };
    case 'severity':
      return { ...common, type: 'severity', atLeast: values.atLeast };
    case 'device-silent':
      return { ...common, type: 'device-silent', device: values.device.trim(), minutes: num(values.minutes) };
  }
}

export const RULE_TYPE_LABELS: Record<AlertRuleType, string> = {
  'new-group': 'New group (something never seen before)',
  spike: 'Spike (a group suddenly much busier)',
  severity: 'Severity (an event at or above a level)',
  'device-silent': 'Device silent (no events for a while)',
};
