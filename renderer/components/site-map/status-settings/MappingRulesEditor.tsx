import { useId } from 'react';
import { fieldMessage } from '../../field-errors.js';
import { issueAt } from './integration-form.js';
import {
  isRegexMatch,
  moveRow,
  removeRow,
  rowKey,
  statusOptions,
  updateRow,
  type CustomRow,
  type RuleRow,
} from './mapping-table.js';

interface MappingRulesEditorProps {
  rules: readonly RuleRow[];
  custom: readonly CustomRow[];
  errors: Readonly<Record<string, string>>;
  onChange: (rules: RuleRow[]) => void;
}

/**
 * The mapping table: raw value (or /regex/) → status, tried top to bottom, first match wins. Rows
 * move with buttons rather than drag and drop, so the keyboard can do everything.
 */
export function MappingRulesEditor({ rules, custom, errors, onChange }: MappingRulesEditorProps) {
  const id = useId();
  const options = statusOptions(custom);

  return (
    <fieldset className="mapping-rules">
      <legend>Status mapping</legend>
      <p className="field-hint" id={`${id}-help`}>
        Rules are tried from the top; the first that matches the raw value wins. Write /pattern/ for a regular
        expression (case-insensitive). A raw value that already names a status (ok, alarm…) needs no rule; anything else
        unmatched shows as unknown.
      </p>
      {rules.length === 0 ? (
        <p className="muted">No rules yet.</p>
      ) : (
        <table className="table mapping-table" aria-describedby={`${id}-help`}>
          <caption className="visually-hidden">Status mapping rules</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Raw value or /regex/</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Order and removal</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rules.map((rule, i) => {
              const matchError = issueAt(errors, `statusMapping.rules.${i}.match`);
              const statusError = issueAt(errors, `statusMapping.rules.${i}.status`);
              const known = options.some((o) => o.name === rule.status);
              return (
                <tr key={rule.key}>
                  <td className="num">{i + 1}</td>
                  <td>
                    <input
                      id={`rule-match-${rule.key}`}
                      aria-label={`Rule ${i + 1} match`}
                      className={isRegexMatch(rule.match) ? 'mono' : undefined}
                      value={rule.match}
                      aria-invalid={matchError ? true : undefined}
                      aria-describedby={matchError ? `rule-match-error-${rule.key}` : undefined}
                      onChange={(e) => onChange(updateRow(rules, i, { match: e.target.value }))}
                    />
                    {matchError && (
                      <p id={`rule-match-error-${rule.key}`} className="field-error">
                        {fieldMessage('Match', matchError)}
                      </p>
                    )}
                  </td>
                  <td>
                    <select
                      id={`rule-status-${rule.key}`}
                      aria-label={`Rule ${i + 1} status`}
                      value={rule.status}
                      aria-invalid={statusError ? true : undefined}
                      aria-describedby={statusError ? `rule-status-error-${rule.key}` : undefined}
                      onChange={(e) => onChange(updateRow(rules, i, { status: e.target.value }))}
                    >
                      {!known && <option value={rule.status}>{rule.status} (not a status)</option>}
                      {options.map((o) => (
                        <option key={o.name} value={o.name}>
                          {o.label}
                        </option>
                      ))}
                    </select>
                    {statusError && (
                      <p id={`rule-status-error-${rule.key}`} className="field-error">
                        {fieldMessage('Status', statusError)}
                      </p>
                    )}
                  </td>
                  <td>
                    <div className="row-actions">
                      <button
                        type="button"
                        className="button button-secondary button-small"
                        aria-label={`Move rule ${i + 1} up`}
                        disabled={i === 0}
                        onClick={() => onChange(moveRow(rules, i, -1))}
                      >
                        ↑
                      </button>
                      <button
                        type="button"
                        className="button button-secondary button-small"
                        aria-label={`Move rule ${i + 1} down`}
                        disabled={i === rules.length - 1}
                        onClick={() => onChange(moveRow(rules, i, 1))}
                      >
                        ↓
                      </button>
                      <button
                        type="button"
                        className="button button-secondary button-small"
                        aria-label={`Remove rule ${i + 1}`}
                        onClick={() => onChange(removeRow(rules, i))}
                      >
                        Remove
                      </button>
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <button
        type="button"
        className="button button-secondary"
        onClick={() => {
          const key = rowKey();
          onChange([...rules, { key, match: '', status: 'ok' }]);
          requestAnimationFrame(() => document.getElementById(`rule-match-${key}`)?.focus());
        }}
      >
        Add rule
      </button>
    </fieldset>
  );
}
