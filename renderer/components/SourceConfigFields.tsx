import { useId } from 'react';
import type { SourceKindName } from '../../main/contract/index.js';
import { CONFIG_FIELDS, type ConfigValues } from './source-kinds.js';
import { TextField } from './TextField.js';

interface Props {
  kind: SourceKindName;
  values: ConfigValues;
  errors: Record<string, string | undefined>;
  onChange: (key: string, value: string | boolean) => void;
}

/** The chosen kind's config fields; each field's `name` is its config key, for focusing errors. */
export function SourceConfigFields({ kind, values, errors, onChange }: Props) {
  // Unique per form: the add and the edit form can be on the page together.
  const prefix = useId();
  return (
    <>
      {CONFIG_FIELDS[kind].map((field) => {
        const id = `${prefix}-${field.key}`;
        const value = values[field.key] ?? field.initial;
        const error = errors[field.key];
        const errorEl = error && (
          <p id={`${id}-error`} className="field-error">
            {error}
          </p>
        );
        const describedBy = error ? `${id}-error` : undefined;
        if (field.type === 'checkbox') {
          return (
            <div key={field.key} className="field field-check">
              <label>
                <input
                  type="checkbox"
                  name={field.key}
                  checked={value === true}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={describedBy}
                  onChange={(e) => onChange(field.key, e.target.checked)}
                />{' '}
                {field.label}
              </label>
              {errorEl}
            </div>
          );
        }
        if (field.type === 'select' || field.type === 'multiline') {
          return (
            <div key={field.key} className="field">
              <label htmlFor={id}>{field.label}</label>
              {field.type === 'select' ? (
                <select
                  id={id}
                  name={field.key}
                  value={String(value)}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={describedBy}
                  onChange={(e) => onChange(field.key, e.target.value)}
                >
                  {field.options?.map((o) => (
                    <option key={o} value={o}>
                      {o}
                    </option>
                  ))}
                </select>
              ) : (
                <textarea
                  id={id}
                  name={field.key}
                  rows={4}
                  spellCheck={false}
                  value={String(value)}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={describedBy}
                  onChange={(e) => onChange(field.key, e.target.value)}
                />
              )}
              {field.hint && <p className="field-hint">{field.hint}</p>}
              {errorEl}
            </div>
          );
        }
        return (
          <TextField
            key={field.key}
            label={field.label}
            name={field.key}
            type={field.type === 'password' ? 'password' : 'text'}
            inputMode={field.type === 'number' ? 'numeric' : undefined}
            autoComplete={field.type === 'password' ? 'new-password' : 'off'}
            spellCheck={false}
            value={String(value)}
            error={error}
            {...(field.hint ? { hint: field.hint } : {})}
            onChange={(e) => onChange(field.key, e.target.value)}
          />
        );
      })}
    </>
  );
}
