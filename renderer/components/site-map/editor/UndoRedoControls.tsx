import { useEffect } from 'react';
import { useMapEditor } from '../../../state/use-map-editor.js';
import { ownsUndoKeys, shortcutFor } from './undo-shortcuts.js';

const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = IS_MAC ? 'Cmd' : 'Ctrl';

/** Undo and redo buttons, and their keyboard shortcuts while the editor is on screen. */
export function UndoRedoControls() {
  const canUndo = useMapEditor((s) => s.undoStack.past.length > 0);
  const canRedo = useMapEditor((s) => s.undoStack.future.length > 0);
  const undo = useMapEditor((s) => s.undo);
  const redo = useMapEditor((s) => s.redo);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const action = shortcutFor(e);
      if (action === null || ownsUndoKeys(e.target) || e.defaultPrevented) return;
      e.preventDefault();
      if (action === 'undo') undo();
      else redo();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo, redo]);

  return (
    <div className="undo-redo" role="group" aria-label="History">
      <button
        type="button"
        className="button button-secondary"
        disabled={!canUndo}
        aria-keyshortcuts="Control+Z Meta+Z"
        title={`Undo (${MOD}+Z)`}
        onClick={undo}
      >
        Undo
      </button>
      <button
        type="button"
        className="button button-secondary"
        disabled={!canRedo}
        aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z Control+Y"
        title={`Redo (${MOD}+Shift+Z)`}
        onClick={redo}
      >
        Redo
      </button>
    </div>
  );
}
