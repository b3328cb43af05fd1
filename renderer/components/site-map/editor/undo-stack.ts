import type { Overlay } from '../../../../main/contract/index.js';

/**
 * Undo and redo for the map editor. An operation is what one user action did to overlays (a label
 * change, a new binding, a deletion…), recorded as each overlay's value before and after: null
 * means "did not exist". Undoing applies the inverse, which is just before and after swapped, and
 * goes through the same save path as any other edit. The stack is plain data with pure functions
 * so it can live in a zustand store and be tested without React.
 */

export interface OverlayEdit {
  externalId: string;
  before: Overlay | null;
  after: Overlay | null;
}

export interface Operation {
  edits: OverlayEdit[];
  /** Consecutive operations with the same key (typing one label) collapse into one undo step. */
  coalesceKey?: string;
  /** When it was recorded, for coalescing only. */
  at: number;
}

export interface UndoStack {
  past: Operation[];
  future: Operation[];
}

/** Enough for an afternoon of edits; older steps fall off the bottom. */
export const UNDO_LIMIT = 200;
/** Keystrokes closer together than this, on the same field, are one step. */
export const COALESCE_MS = 1500;

export const emptyUndoStack = (): UndoStack => ({ past: [], future: [] });

export function invert(op: Operation): Operation {
  // Reversed too: if one step touched an overlay twice, undoing must end at the first `before`.
  return {
    edits: op.edits.map((e) => ({ externalId: e.externalId, before: e.after, after: e.before })).reverse(),
    at: op.at,
  };
}

/** Drops edits that change nothing, so a no-op never becomes an undo step. */
export function meaningful(edits: readonly OverlayEdit[]): OverlayEdit[] {
  return edits.filter((e) => !sameOverlay(e.before, e.after));
}

/** Records a new operation; any redo steps are gone, as in every editor. */
export function record(stack: UndoStack, op: Operation, limit = UNDO_LIMIT): UndoStack {
  const edits = meaningful(op.edits);
  if (edits.length === 0) return stack;
  const top = stack.past.at(-1);
  if (top && op.coalesceKey !== undefined && top.coalesceKey === op.coalesceKey && op.at - top.at <= COALESCE_MS) {
    const merged: Operation = { edits: mergeEdits(top.edits, edits), coalesceKey: op.coalesceKey, at: op.at };
    const past = meaningful(merged.edits).length === 0 ? stack.past.slice(0, -1) : [...stack.past.slice(0, -1), merged];
    return { past, future: [] };
  }
  const past = [...stack.past, { ...op, edits }];
  return { past: past.length > limit ? past.slice(past.length - limit) : past, future: [] };
}

/** The inverse operation to apply, and the stack after undoing; null when there is nothing to undo. */
export function undo(stack: UndoStack): { stack: UndoStack; apply: Operation } | null {
  const op = stack.past.at(-1);
  if (!op) return null;
  return { stack: { past: stack.past.slice(0, -1), future: [...stack.future, op] }, apply: invert(op) };
}

export function redo(stack: UndoStack): { stack: UndoStack; apply: Operation } | null {
  const op = stack.future.at(-1);
  if (!op) return null;
  return { stack: { past: [...stack.past, op], future: stack.future.slice(0, -1) }, apply: op };
}

/** Keeps the first `before` and the last `after` of each overlay, in first-touched order. */
function mergeEdits(first: readonly OverlayEdit[], then: readonly OverlayEdit[]): OverlayEdit[] {
  const merged = new Map<string, OverlayEdit>();
  for (const e of first) merged.set(e.externalId, { ...e });
  for (const e of then) {
    const earlier = merged.get(e.externalId);
    merged.set(e.externalId, earlier ? { ...earlier, after: e.after } : { ...e });
  }
  return [...merged.values()];
}

/** Structural equality for overlays (key order of `properties` does not matter). */
export function sameOverlay(a: Overlay | null, b: Overlay | null): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  return canonical(a) === canonical(b);
}

function canonical(o: Overlay): string {
  const props = o.properties
    ? Object.fromEntries(Object.entries(o.properties).sort(([x], [y]) => (x < y ? -1 : 1)))
    : null;
  const binding = o.binding ? Object.entries(o.binding).sort(([x], [y]) => (x < y ? -1 : 1)) : null;
  return JSON.stringify([o.externalId, o.shapeId, o.label, binding, o.layer ?? null, props]);
}
