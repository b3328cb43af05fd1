import { useState, type FormEvent } from 'react';
import type { SyncConflict } from '../../../main/contract/index.js';
import { ApiError, describeError } from '../../api/api-error.js';
import { api, useSync } from '../../state/app-state.js';
import { ModalDialog } from '../ModalDialog.js';
import { TextField } from '../TextField.js';
import { mergedDocument, showValue, valueAt } from './conflict-fields.js';

/**
 * A merge typed by a user: each conflicting field starts from this site's value; the rest of the
 * document is this site's version (fields only one side changed were merged already).
 */
export function MergeDialog({ conflict, onClose }: { conflict: SyncConflict; onClose: () => void }) {
  const title = conflict.title;
  const [typed, setTyped] = useState<Record<string, string>>(() =>
    Object.fromEntries(conflict.fields.map((path) => [path, showValue(valueAt(conflict.local, path) ?? '')])),
  );
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function save(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const result = mergedDocument(conflict.local, conflict.hub, typed);
    if ('errors' in result) {
      setIssues(result.errors);
      return;
    }
    setIssues({});
    setBusy(true);
    try {
      await api.call('sync.resolveConflict', { id: conflict.id, keep: 'merged', merged: result.merged });
      await useSync.getState().refresh();
      onClose();
    } catch (err) {
      if (err instanceof ApiError && err.issues.some((i) => i.path.startsWith('merged.'))) {
        const byField: Record<string, string> = {};
        const rest: string[] = [];
        for (const issue of err.issues) {
          const path = issue.path.replace(/^merged\./, '');
          if (conflict.fields.includes(path)) byField[path] ??= issue.message;
          else rest.push(`${path}: ${issue.message}`);
        }
        setIssues(byField);
        if (rest.length > 0) setError(rest.join(' '));
      } else setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <ModalDialog title={`Merge ${title}`} onClose={onClose}>
      <form onSubmit={(e) => void save(e)} aria-label={`Merge of ${title}`} noValidate>
        {conflict.fields.map((path) => (
          <TextField
            key={path}
            label={path}
            hint={`Common: ${showValue(valueAt(conflict.base, path))} · This site: ${showValue(valueAt(conflict.local, path))} · Hub: ${showValue(valueAt(conflict.hub, path))}`}
            value={typed[path] ?? ''}
            error={issues[path] ? `${path} ${issues[path]}` : null}
            onChange={(e) => setTyped((t) => ({ ...t, [path]: e.target.value }))}
          />
        ))}
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy}>
            Save merge
          </button>
        </div>
        {error && (
          <div role="alert" className="message message-error">
            <p>{error}</p>
          </div>
        )}
      </form>
    </ModalDialog>
  );
}
