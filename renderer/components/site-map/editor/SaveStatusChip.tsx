import { useMapEditor } from '../../../state/use-map-editor.js';

/**
 * Whether the user's edits are safe: "Saved", "Saving…", or why not, with a way out. Announced
 * politely, so a screen reader hears when saving fails without being interrupted on every edit.
 */
export function SaveStatusChip() {
  const save = useMapEditor((s) => s.save);
  const flush = useMapEditor((s) => s.flush);
  const discard = useMapEditor((s) => s.discard);

  return (
    <div className="save-status">
      <span role="status" aria-live="polite">
        {save.kind === 'saved' && <span className="chip chip-ok">Saved</span>}
        {save.kind === 'saving' && <span className="chip">Saving…</span>}
        {save.kind === 'conflict' && <span className="chip chip-error">Not saved: someone else changed the map</span>}
        {save.kind === 'error' && <span className="chip chip-error">Not saved: {save.reason}</span>}
      </span>
      {save.kind === 'error' && (
        <>
          <button type="button" className="button button-secondary button-small" onClick={() => void flush()}>
            Retry
          </button>
          <button type="button" className="button button-secondary button-small" onClick={() => void discard()}>
            Discard unsaved changes
          </button>
        </>
      )}
    </div>
  );
}
