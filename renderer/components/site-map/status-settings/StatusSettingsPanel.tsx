import { useEffect, useId, useState, type FormEvent } from 'react';
import type { OutputOf } from '../../../../main/contract/index.js';
import { ApiError, describeError } from '../../../api/api-error.js';
import { api, useSiteMap } from '../../../state/app-state.js';
import { fieldMessage } from '../../field-errors.js';
import { TextField } from '../../TextField.js';
import { CustomStatusesEditor } from './CustomStatusesEditor.js';
import { ExternalApiFields } from './ExternalApiFields.js';
import { IntegrationTestResult } from './IntegrationTestResult.js';
import { MappingRulesEditor } from './MappingRulesEditor.js';
import {
  isFormPath,
  issueAt,
  issuesByPath,
  toInput,
  valuesFromIntegration,
  type IntegrationValues,
} from './integration-form.js';
import { addRuleFor } from './mapping-table.js';

interface StatusSettingsPanelProps {
  siteId: string;
}

type Pending = 'save' | 'test' | null;

/**
 * Where overlay colours come from (the pipeline's device health and alerts, or an external HTTP
 * JSON API) and how raw values map to statuses. "Test" asks the source once with what is typed,
 * saving nothing; "Save" sets it. Field errors come back by path and sit beside their field.
 */
export function StatusSettingsPanel({ siteId }: StatusSettingsPanelProps) {
  const id = useId();
  const [values, setValues] = useState<IntegrationValues | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [testResult, setTestResult] = useState<OutputOf<'integrations.test'> | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    // Mounted per site (the Map page keys the tabs by site); "Try again" clears the error itself.
    let current = true;
    api
      .call('integrations.get', { siteId })
      .then((integration) => current && setValues(valuesFromIntegration(integration)))
      .catch((err: unknown) => current && setLoadError(describeError(err)));
    return () => {
      current = false;
    };
  }, [siteId, attempt]);

  if (loadError) {
    return (
      <div role="alert" className="message message-error">
        <p>{loadError}</p>
        <button
          type="button"
          className="button button-secondary"
          onClick={() => {
            setLoadError(null);
            setAttempt((n) => n + 1);
          }}
        >
          Try again
        </button>
      </div>
    );
  }
  if (values === null) {
    return (
      <p role="status" className="muted">
        Loading the status settings…
      </p>
    );
  }

  const change = (changes: Partial<IntegrationValues>) => {
    setValues((v) => (v === null ? v : { ...v, ...changes }));
    setMessage(null);
  };

  function showErrors(err: unknown, form: HTMLFormElement | null) {
    if (err instanceof ApiError && err.code === 'invalid_input' && err.issues.length > 0) {
      const byPath = issuesByPath(err.issues);
      setErrors(byPath);
      const rest = err.issues
        .filter((i) => !isFormPath(i.path))
        .map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
      setFormError(rest.length > 0 ? rest.join(' ') : 'Some fields need fixing: see the messages beside them.');
      const first = err.issues.find((i) => isFormPath(i.path));
      if (first && form) focusField(form, first.path);
    } else {
      setFormError(describeError(err));
    }
  }

  async function submit(kind: 'save' | 'test', form: HTMLFormElement | null) {
    if (pending || values === null) return;
    setErrors({});
    setFormError(null);
    setMessage(null);
    const built = toInput(siteId, values);
    if (built.input === null) {
      setErrors(built.problems);
      setFormError('Some fields need fixing: see the messages beside them.');
      return;
    }
    setPending(kind);
    try {
      if (kind === 'test') {
        setTestResult(await api.call('integrations.test', built.input));
      } else {
        const saved = await api.call('integrations.set', built.input);
        setValues(valuesFromIntegration(saved));
        setMessage('Saved. Overlays take their colours from these settings now.');
        // The draft's legend includes the custom statuses.
        void useSiteMap.getState().reload();
      }
    } catch (err) {
      showErrors(err, form);
    } finally {
      setPending(null);
    }
  }

  function onMap(value: string) {
    if (values === null) return;
    const { rows, index } = addRuleFor(values.rules, value);
    change({ rules: rows });
    requestAnimationFrame(() => document.getElementById(`rule-status-${rows[index]!.key}`)?.focus());
  }

  const offlineError = issueAt(errors, 'offlineAfterMinutes');
  return (
    <form
      className="form status-settings"
      noValidate
      aria-busy={pending !== null}
      aria-labelledby={`${id}-heading`}
      onSubmit={(e: FormEvent<HTMLFormElement>) => {
        e.preventDefault();
        void submit('save', e.currentTarget);
      }}
    >
      <h2 id={`${id}-heading`}>Status source</h2>
      {formError && (
        <div role="alert" className="message message-error">
          <p>{formError}</p>
        </div>
      )}
      <fieldset className="kind-radios">
        <legend>Where statuses come from</legend>
        <label className="radio">
          <input
            type="radio"
            name="kind"
            value="internal"
            checked={values.kind === 'internal'}
            onChange={() => change({ kind: 'internal' })}
          />{' '}
          Internal: device health and alerts
        </label>
        <label className="radio">
          <input
            type="radio"
            name="kind"
            value="external"
            checked={values.kind === 'external'}
            onChange={() => change({ kind: 'external' })}
          />{' '}
          External HTTP JSON API
        </label>
      </fieldset>

      {values.kind === 'internal' ? (
        <TextField
          label="Offline after (minutes)"
          name="offlineAfterMinutes"
          inputMode="numeric"
          hint="A device not heard from for this long shows as offline."
          value={values.offlineAfterMinutes}
          error={offlineError === undefined ? undefined : fieldMessage('Offline after', offlineError)}
          onChange={(e) => change({ offlineAfterMinutes: e.target.value })}
        />
      ) : (
        <ExternalApiFields values={values} errors={errors} onChange={change} />
      )}

      <MappingRulesEditor
        rules={values.rules}
        custom={values.custom}
        errors={errors}
        onChange={(rules) => change({ rules })}
      />
      <CustomStatusesEditor custom={values.custom} errors={errors} onChange={(custom) => change({ custom })} />

      <div className="form-actions">
        <button type="submit" className="button" aria-disabled={pending !== null}>
          Save
        </button>
        <button
          type="button"
          className="button button-secondary"
          aria-disabled={pending !== null}
          onClick={(e) => void submit('test', e.currentTarget.form)}
        >
          Test
        </button>
        <p role="status" className="muted">
          {pending === 'save' ? 'Saving…' : pending === 'test' ? 'Asking the source…' : message}
        </p>
      </div>

      {testResult && <IntegrationTestResult result={testResult} onMap={onMap} />}
    </form>
  );
}

/** Moves focus to the field an issue names (`external.url` → that input; rules and custom rows by index). */
function focusField(form: HTMLFormElement, path: string) {
  const named = form.elements.namedItem(path);
  if (named instanceof HTMLElement) {
    named.focus();
    return;
  }
  const parts = path.split('.');
  if (parts[0] === 'statusMapping' && (parts[1] === 'rules' || parts[1] === 'custom')) {
    const index = Number(parts[2]);
    const row =
      parts[1] === 'rules'
        ? form.querySelectorAll('.mapping-table tbody tr')[index]
        : form.querySelectorAll('.custom-status')[index];
    const field = parts[1] === 'rules' && parts[3] === 'status' ? 'select' : 'input';
    row?.querySelector<HTMLElement>(field)?.focus();
  }
}
