import { fieldMessage } from '../../field-errors.js';
import { TextField } from '../../TextField.js';
import { issueAt, type IntegrationValues } from './integration-form.js';

interface ExternalApiFieldsProps {
  values: IntegrationValues;
  errors: Readonly<Record<string, string>>;
  onChange: (changes: Partial<IntegrationValues>) => void;
}

/** Where the external API is and how to read its answer. */
export function ExternalApiFields({ values, errors, onChange }: ExternalApiFieldsProps) {
  const error = (path: string, label: string) => {
    const message = issueAt(errors, path);
    return message === undefined ? undefined : fieldMessage(label, message);
  };
  return (
    <fieldset className="external-fields">
      <legend>External HTTP JSON API</legend>
      <TextField
        label="URL"
        name="external.url"
        type="url"
        inputMode="url"
        autoComplete="off"
        placeholder="https://bms.example.com/api/points"
        value={values.url}
        error={error('external.url', 'URL')}
        onChange={(e) => onChange({ url: e.target.value })}
      />
      <div className="field-row">
        <TextField
          label="Auth header name"
          name="external.authHeader.name"
          autoComplete="off"
          placeholder="Authorization"
          hint="Optional. Sent with every request."
          value={values.authName}
          error={error('external.authHeader.name', 'Auth header name') ?? error('external.authHeader', 'Auth header')}
          onChange={(e) => onChange({ authName: e.target.value })}
        />
        <TextField
          label="Auth header value"
          name="external.authHeader.value"
          type="password"
          autoComplete="new-password"
          placeholder={values.authStored ? 'A value is stored: leave empty to keep it' : 'Bearer …'}
          value={values.authValue}
          error={error('external.authHeader.value', 'Auth header value')}
          onChange={(e) => onChange({ authValue: e.target.value })}
        />
      </div>
      <TextField
        label="List path"
        name="external.listPath"
        autoComplete="off"
        hint="Where the list of items is in the answer, like $.data.items (or $ when the answer is the list)."
        value={values.listPath}
        error={error('external.listPath', 'List path')}
        onChange={(e) => onChange({ listPath: e.target.value })}
      />
      <div className="field-row">
        <TextField
          label="Id field"
          name="external.idField"
          autoComplete="off"
          hint="In each item, like id or $.meta.id."
          value={values.idField}
          error={error('external.idField', 'Id field')}
          onChange={(e) => onChange({ idField: e.target.value })}
        />
        <TextField
          label="Status field"
          name="external.statusField"
          autoComplete="off"
          hint="In each item, like status or $.state.value."
          value={values.statusField}
          error={error('external.statusField', 'Status field')}
          onChange={(e) => onChange({ statusField: e.target.value })}
        />
      </div>
      <div className="field-row">
        <TextField
          label="Poll interval (seconds)"
          name="external.pollIntervalSeconds"
          inputMode="numeric"
          value={values.pollIntervalSeconds}
          error={error('external.pollIntervalSeconds', 'Poll interval')}
          onChange={(e) => onChange({ pollIntervalSeconds: e.target.value })}
        />
        <TextField
          label="Timeout (ms)"
          name="external.timeoutMs"
          inputMode="numeric"
          value={values.timeoutMs}
          error={error('external.timeoutMs', 'Timeout')}
          onChange={(e) => onChange({ timeoutMs: e.target.value })}
        />
      </div>
    </fieldset>
  );
}
