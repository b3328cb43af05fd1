import { useState } from 'react';
import { describeError } from '../../../api/api-error.js';
import { api } from '../../../state/app-state.js';
import { useMapEditor } from '../../../state/use-map-editor.js';
import { ConfirmAction } from '../ConfirmAction.js';

/**
 * Starting over after a bad import: every overlay of the draft goes in one call. Undo cannot bring
 * them back (the server forgets them at once), which the question says; releases keep theirs.
 */
export function ClearOverlays({ siteId, onCleared }: { siteId: string; onCleared: () => Promise<void> | void }) {
  const count = useMapEditor((s) => s.overlays.length);
  const [error, setError] = useState<string | null>(null);
  if (count === 0) return null;
  return (
    <div className="clear-overlays">
      <ConfirmAction
        label="Delete every overlay"
        question={`Delete all ${count} overlays from the draft? Undo cannot bring them back; published releases keep theirs.`}
        confirmLabel="Delete all"
        danger
        onConfirm={async () => {
          setError(null);
          try {
            await useMapEditor.getState().flush();
            await api.call('sitemap.clear', { siteId, what: 'overlays' });
            await onCleared();
          } catch (err) {
            setError(describeError(err));
          }
        }}
      />
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
