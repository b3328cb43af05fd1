/**
 * Ctrl+Z / Cmd+Z undoes; Ctrl+Shift+Z / Cmd+Shift+Z and Ctrl+Y redo. Inside a text field the
 * browser's own text undo is left alone: the field's edits reach the map's history anyway.
 */
export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

export function shortcutFor(e: KeyLike): 'undo' | 'redo' | null {
  if (e.altKey || !(e.ctrlKey || e.metaKey)) return null;
  const key = e.key.toLowerCase();
  if (key === 'z') return e.shiftKey ? 'redo' : 'undo';
  if (key === 'y' && e.ctrlKey && !e.shiftKey) return 'redo';
  return null;
}

/**
 * Keys that belong to something else: fields where typing happens, and open dialogs (the import
 * dialog sits over the editor; Ctrl+Z there must not change the map behind it).
 */
export function ownsUndoKeys(target: EventTarget | null): boolean {
  if (typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) return false;
  if (target.closest('dialog[open]') !== null) return true;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'file', 'color', 'range'].includes(target.type);
  }
  return false;
}
