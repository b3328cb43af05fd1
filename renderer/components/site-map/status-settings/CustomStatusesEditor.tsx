import { fieldMessage } from '../../field-errors.js';
import { issueAt } from './integration-form.js';
import { customNameFromLabel, removeRow, rowKey, updateRow, type CustomRow } from './mapping-table.js';

interface CustomStatusesEditorProps {
  custom: readonly CustomRow[];
  errors: Readonly<Record<string, string>>;
  onChange: (custom: CustomRow[]) => void;
}

const PALETTE = ['#7e57c2', '#00897b', '#6d4c41', '#d81b60', '#3949ab', '#c0ca33'];

/** Statuses of the site's own beyond the built-in five: a name rules refer to, a label and a colour. */
export function CustomStatusesEditor({ custom, errors, onChange }: CustomStatusesEditorProps) {
  return (
    <fieldset className="custom-statuses">
      <legend>Custom statuses</legend>
      {custom.length === 0 && (
        <p className="muted">None. The built-in statuses are OK, Warning, Alarm, Offline and Unknown.</p>
      )}
      {custom.map((c, i) => {
        const at = (field: string, label: string) => {
          const message = issueAt(errors, `statusMapping.custom.${i}.${field}`);
          return message === undefined ? undefined : fieldMessage(label, message);
        };
        const errs = { label: at('label', 'Label'), name: at('name', 'Name'), color: at('color', 'Colour') };
        return (
          <div key={c.key} className="custom-status" role="group" aria-label={`Custom status ${i + 1}`}>
            <div className="field">
              <label htmlFor={`custom-label-${c.key}`}>Label</label>
              <input
                id={`custom-label-${c.key}`}
                value={c.label}
                aria-invalid={errs.label ? true : undefined}
                onChange={(e) => {
                  const label = e.target.value;
                  // The name follows the label until the user edits the name itself.
                  const follows = c.name === '' || c.name === customNameFromLabel(c.label);
                  onChange(updateRow(custom, i, follows ? { label, name: customNameFromLabel(label) } : { label }));
                }}
              />
              {errs.label && <p className="field-error">{errs.label}</p>}
            </div>
            <div className="field">
              <label htmlFor={`custom-name-${c.key}`}>Name</label>
              <input
                id={`custom-name-${c.key}`}
                className="mono"
                value={c.name}
                aria-invalid={errs.name ? true : undefined}
                onChange={(e) => onChange(updateRow(custom, i, { name: e.target.value }))}
              />
              {errs.name && <p className="field-error">{errs.name}</p>}
            </div>
            <div className="field">
              <label htmlFor={`custom-color-${c.key}`}>Colour</label>
              <input
                id={`custom-color-${c.key}`}
                type="color"
                value={c.color}
                aria-invalid={errs.color ? true : undefined}
                onChange={(e) => onChange(updateRow(custom, i, { color: e.target.value }))}
              />
              {errs.color && <p className="field-error">{errs.color}</p>}
            </div>
            <button
              type="button"
              className="button button-secondary button-small"
              aria-label={`Remove custom status ${c.label || i + 1}`}
              onClick={() => onChange(removeRow(custom, i))}
            >
              Remove
            </button>
          </div>
        );
      })}
      <button
        type="button"
        className="button button-secondary"
        onClick={() => {
          const key = rowKey();
          onChange([...custom, { key, name: '', label: '', color: PALETTE[custom.length % PALETTE.length]! }]);
          requestAnimationFrame(() => document.getElementById(`custom-label-${key}`)?.focus());
        }}
      >
        Add custom status
      </button>
    </fieldset>
  );
}
