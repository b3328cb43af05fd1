import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { AlertRule, AlertRuleType, AlertSeverity, EventSeverity } from '../../main/contract/index.js';
import { can } from '../api/access.js';
import { describeError } from '../api/api-error.js';
import { useAlerts, useSession } from '../state/app-state.js';
import { useConfirm } from './ConfirmDialog.js';
import { EMPTY_RULE, RULE_TYPE_LABELS, ruleInput, ruleValues, type RuleFormValues } from './alert-rule-form.js';
import { ActionFeedback } from './ActionFeedback.js';
import { useFormFeedback } from './use-form-feedback.js';
import { LoadState } from './LoadState.js';
import { EVENT_SEVERITIES, severityLabel } from './severity.js';
import { TextField } from './TextField.js';
import { useRowRemovalFocus } from './row-removal-focus.js';

const ALERT_SEVERITIES: AlertSeverity[] = ['info', 'warning', 'critical'];
const LABELS: Record<string, string> = {
  name: 'Name',
  severity: 'Alert severity',
  minScore: 'Minimum spike score',
  atLeast: 'Event severity at least',
  device: 'Device',
  minutes: 'Silent for (minutes)',
};

function describeRule(rule: AlertRule): string {
  switch (rule.type) {
    case 'new-group':
      return 'A new group appears';
    case 'spike':
      return rule.minScore ? `A group spikes (score ≥ ${rule.minScore})` : 'A group spikes';
    case 'severity':
      return `An event at ${severityLabel(rule.atLeast)} or above`;
    case 'device-silent':
      return `${rule.device} sends nothing for ${rule.minutes} min`;
  }
}

export function AlertRulesSection() {
  const role = useSession((s) => s.user?.role);
  const { rules, loadRules, createRule, updateRule, setRuleEnabled, deleteRule } = useAlerts();
  const { confirm, dialog } = useConfirm();
  // The rule being edited: the form below then changes it instead of adding one.
  const [editing, setEditing] = useState<AlertRule | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const { tableRef, fallbackRef: rulesHeadingRef, moveFocus } = useRowRemovalFocus('delete');
  const mayEdit = can(role, 'alertRules.create');
  const [values, setValues] = useState<RuleFormValues>(EMPTY_RULE);
  const { bindForm, ...feedback } = useFormFeedback(LABELS);
  const errors = feedback.issues;
  const [pending, setPending] = useState(false);

  useEffect(() => {
    void useAlerts.getState().loadRules();
  }, []);

  const set = <K extends keyof RuleFormValues>(key: K, value: RuleFormValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    feedback.clearField(key);
  };

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (pending) return;
    setPending(true);
    feedback.start();
    feedback.done('Saving…');
    try {
      if (editing) {
        const rule = await updateRule({ id: editing.id, ...ruleInput(values) });
        setEditing(null);
        setValues(EMPTY_RULE);
        feedback.done(`Saved the rule “${rule.name}”.`);
      } else {
        const rule = await createRule(ruleInput(values));
        setValues(EMPTY_RULE);
        feedback.done(`Added the rule “${rule.name}”.`);
      }
    } catch (err) {
      feedback.done(null);
      feedback.fail(err);
    } finally {
      setPending(false);
    }
  }

  async function onDelete(rule: AlertRule, index: number) {
    const yes = await confirm({
      title: `Delete the rule “${rule.name}”?`,
      body: 'Alerts it raised stay.',
      confirmLabel: 'Delete rule',
    });
    if (yes && (await act(() => deleteRule(rule.id)))) moveFocus(rule.id, index);
  }

  /** Runs a change; false (and the reason shown) when it failed. */
  async function act(action: () => Promise<void>): Promise<boolean> {
    feedback.start();
    try {
      await action();
      return true;
    } catch (err) {
      feedback.failWith(describeError(err));
      return false;
    }
  }

  return (
    <section aria-labelledby="rules-heading" className="panel">
      {dialog}
      <h2 id="rules-heading" ref={rulesHeadingRef} tabIndex={-1}>
        Alert rules
      </h2>
      <LoadState
        status={rules.status}
        error={rules.error}
        loading="Loading alert rules…"
        isEmpty={rules.items.length === 0}
        empty={<p>No alert rules yet.{mayEdit ? ' Add one below.' : ''}</p>}
        onRetry={() => void loadRules()}
      >
        <div className="table-wrap">
          <table className="table" ref={tableRef}>
            <caption className="visually-hidden">Alert rules</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">When</th>
                <th scope="col">Alert severity</th>
                <th scope="col">Enabled</th>
                {mayEdit && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {rules.items.map((rule, index) => (
                <tr key={rule.id} data-row-key={rule.id}>
                  <td>{rule.name}</td>
                  <td>{describeRule(rule)}</td>
                  <td>{severityLabel(rule.severity)}</td>
                  <td>{rule.enabled ? 'Yes' : 'No'}</td>
                  {mayEdit && (
                    <td className="row-actions">
                      <button
                        type="button"
                        className="button button-secondary"
                        aria-label={`Edit rule ${rule.name}`}
                        onClick={() => {
                          setEditing(rule);
                          setValues(ruleValues(rule));
                          feedback.start();
                          // The form is below the table: take the keyboard there.
                          requestAnimationFrame(() => headingRef.current?.focus());
                        }}
                      >
                        Edit
                      </button>
                      <button
                        type="button"
                        className="button button-secondary"
                        aria-label={`${rule.enabled ? 'Disable' : 'Enable'} rule ${rule.name}`}
                        onClick={() => void act(() => setRuleEnabled(rule.id, !rule.enabled))}
                      >
                        {rule.enabled ? 'Disable' : 'Enable'}
                      </button>
                      <button
                        type="button"
                        className="button button-secondary"
                        aria-label={`Delete rule ${rule.name}`}
                        data-row-action="delete"
                        onClick={() => void onDelete(rule, index)}
                      >
                        Delete
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </LoadState>

      {mayEdit && (
        <form
          ref={bindForm}
          className="form"
          aria-labelledby="new-rule-heading"
          onSubmit={onSubmit}
          noValidate
          aria-busy={pending}
        >
          <h3 id="new-rule-heading" ref={headingRef} tabIndex={-1}>
            {editing ? `Edit the rule “${editing.name}”` : 'Add a rule'}
          </h3>
          <div className="field">
            <label htmlFor="rule-type">Rule type</label>
            <select id="rule-type" value={values.type} onChange={(e) => set('type', e.target.value as AlertRuleType)}>
              {Object.entries(RULE_TYPE_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <TextField
            label={LABELS.name!}
            name="name"
            value={values.name}
            error={errors.name}
            onChange={(e) => set('name', e.target.value)}
            autoComplete="off"
          />
          <div className="field">
            <label htmlFor="rule-severity">{LABELS.severity}</label>
            <select
              id="rule-severity"
              value={values.severity}
              onChange={(e) => set('severity', e.target.value as AlertSeverity)}
            >
              {ALERT_SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {severityLabel(s)}
                </option>
              ))}
            </select>
          </div>
          {values.type === 'spike' && (
            <TextField
              label={LABELS.minScore!}
              name="minScore"
              inputMode="decimal"
              value={values.minScore}
              error={errors.minScore}
              hint="Leave empty for the default."
              onChange={(e) => set('minScore', e.target.value)}
            />
          )}
          {values.type === 'severity' && (
            <div className="field">
              <label htmlFor="rule-at-least">{LABELS.atLeast}</label>
              <select
                id="rule-at-least"
                value={values.atLeast}
                onChange={(e) => set('atLeast', e.target.value as EventSeverity)}
              >
                {EVENT_SEVERITIES.map((s) => (
                  <option key={s} value={s}>
                    {severityLabel(s)}
                  </option>
                ))}
              </select>
            </div>
          )}
          {values.type === 'device-silent' && (
            <>
              <TextField
                label={LABELS.device!}
                name="device"
                value={values.device}
                error={errors.device}
                onChange={(e) => set('device', e.target.value)}
                autoComplete="off"
              />
              <TextField
                label={LABELS.minutes!}
                name="minutes"
                inputMode="numeric"
                value={values.minutes}
                error={errors.minutes}
                onChange={(e) => set('minutes', e.target.value)}
              />
            </>
          )}
          <div className="form-actions">
            <button type="submit" className="button" aria-disabled={pending}>
              {editing ? 'Save rule' : 'Add rule'}
            </button>
            {editing && (
              <button
                type="button"
                className="button button-secondary"
                onClick={() => {
                  setEditing(null);
                  setValues(EMPTY_RULE);
                  feedback.start();
                }}
              >
                Cancel editing
              </button>
            )}
          </div>
          <ActionFeedback {...feedback.props} />
        </form>
      )}
    </section>
  );
}
