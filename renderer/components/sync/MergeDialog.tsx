import { useMemo, useState, type FormEvent } from 'react';
import type { FieldIssue, SyncConflict } from '../../../main/contract/index.js';
import { api, useSync } from '../../state/app-state.js';
import { ActionFeedback } from '../ActionFeedback.js';
import { fieldMessage, splitIssues } from '../field-errors.js';
import { ModalDialog } from '../ModalDialog.js';
import { TextField } from '../TextField.js';
import { useFormFeedback } from '../use-form-feedback.js';
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
  // The server names a field `merged.<path>`; the form labels each field by its path.
  const { bindForm, ...feedback } = useFormFeedback(
    useMemo(() => {
      const labels = Object.fromEntries(conflict.fields.map((path) => [path, path]));
      return (issues: FieldIssue[]) =>
        splitIssues(
          issues.map((i) => ({ ...i, path: i.path.replace(/^merged\./, '') })),
          labels,
        );
    }, [conflict.fields]),
  );
  const [busy, setBusy] = useState(false);

  async function save(event: FormEvent) {
    event.preventDefault();
    feedback.start();
    const result = mergedDocument(conflict.local, conflict.hub, typed);
    if ('errors' in result) {
      feedback.invalid(
        Object.fromEntries(Object.entries(result.errors).map(([path, message]) => [path, fieldMessage(path, message)])),
      );
      return;
    }
    setBusy(true);
    try {
      await api.call('sync.resolveConflict', { id: conflict.id, keep: 'merged', merged: result.merged });
      await useSync.getState().refresh();
      onClose();
    } catch (err) {
      feedback.fail(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <ModalDialog title={`Merge ${title}`} onClose={onClose}>
      <form ref={bindForm} onSubmit={(e) => void save(e)} aria-label={`Merge of ${title}`} noValidate>
        {conflict.fields.map((path) => (
          <TextField
            key={path}
            label={path}
            hint={`Common: ${showValue(valueAt(conflict.base, path))} · This site: ${showValue(valueAt(conflict.local, path))} · Hub: ${showValue(valueAt(conflict.hub, path))}`}
            value={typed[path] ?? ''}
            error={feedback.issues[path] ?? null}
            onChange={(e) => setTyped((t) => ({ ...t, [path]: e.target.value }))}
          />
        ))}
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy}>
            Save merge
          </button>
        </div>
        <ActionFeedback {...feedback.props} />
      </form>
    </ModalDialog>
  );
}
