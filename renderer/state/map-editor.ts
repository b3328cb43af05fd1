import { create } from 'zustand';
import type { Overlay, OverlayShape, SiteMapDraft } from '../../main/contract/index.js';
import { ApiError, describeError } from '../api/api-error.js';
import type { ApiClient } from '../api/client.js';
import { addPending, applyEdits, requeue, toSaveInput } from '../components/site-map/editor/overlay-edits.js';
import {
  emptyUndoStack,
  meaningful,
  record,
  redo,
  undo,
  type OverlayEdit,
  type UndoStack,
} from '../components/site-map/editor/undo-stack.js';

/**
 * The map editor's working copy of one site's overlays. Every edit shows at once and is saved
 * shortly after (edits within `debounceMs` go in one `sitemap.saveOverlays` call), always against
 * the revision the copy was built on, so nobody's save silently overwrites someone else's.
 */

export type SaveState =
  | { kind: 'saved' }
  | { kind: 'saving' }
  | { kind: 'error'; reason: string }
  /** Another editor saved first: our unsaved edits were dropped and the map reloaded. */
  | { kind: 'conflict' };

export interface MapEditorState {
  siteId: string | null;
  /** The draft revision the working copy (minus unsaved edits) matches. */
  revision: number;
  overlays: Overlay[];
  shapes: OverlayShape[];
  selectedId: string | null;
  /** A clicked shape no overlay is bound to, offered for a new overlay. */
  selectedShapeId: string | null;
  undoStack: UndoStack;
  save: SaveState;
  /** Something the user must read, e.g. that their last change was not saved. */
  notice: string | null;

  /** Starts over from a draft (a site was opened, or the draft had to be reloaded). */
  seed(draft: SiteMapDraft): void;
  /** The draft changed outside the editor: adopted when nothing here is waiting to be saved. */
  sync(draft: SiteMapDraft): void;
  select(externalId: string | null): void;
  /** A click on a shape: selects the overlay on it, or offers to create one. */
  selectShape(shapeId: string): void;
  update(externalId: string, changes: Partial<Omit<Overlay, 'externalId'>>, coalesceKey?: string): void;
  create(overlay: Overlay): void;
  remove(externalId: string): void;
  undo(): void;
  redo(): void;
  /** Saves what is waiting now instead of after the debounce (also "Retry"). */
  flush(): Promise<void>;
  /** Forgets unsaved edits and reloads the draft. */
  discard(): Promise<void>;
  hasUnsaved(): boolean;
  dismissNotice(): void;
  reset(): void;
}

export interface MapEditorDeps {
  api: () => Pick<ApiClient, 'call'>;
  /** Reads the draft again (through the shared site-map store, so the viewer sees it too). */
  reloadDraft: (siteId: string) => Promise<SiteMapDraft | null>;
  /** What was saved, for the shared site-map store. */
  onSaved: (siteId: string, revision: number, overlays: Overlay[]) => void;
  debounceMs?: number;
  now?: () => number;
}

export const SAVE_DEBOUNCE_MS = 400;

export const CONFLICT_NOTICE =
  'Someone else changed this map while you were editing. Your last change was not saved: the map now shows the latest version. Make the change again if it is still needed.';

const initial = {
  siteId: null,
  revision: 0,
  overlays: [] as Overlay[],
  shapes: [] as OverlayShape[],
  selectedId: null,
  selectedShapeId: null,
  undoStack: emptyUndoStack(),
  save: { kind: 'saved' } as SaveState,
  notice: null,
};

export function createMapEditorStore(deps: MapEditorDeps) {
  const debounceMs = deps.debounceMs ?? SAVE_DEBOUNCE_MS;
  const now = deps.now ?? Date.now;
  // Outside the state: nothing renders from them, and they change on every keystroke.
  let pending = new Map<string, Overlay | null>();
  let inFlight: Promise<void> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  // Bumped on seed and reset, so answers for a copy that is gone change nothing.
  let generation = 0;

  function cancelTimer() {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  }

  return create<MapEditorState>()((set, get) => {
    function scheduleSave() {
      cancelTimer();
      timer = setTimeout(() => {
        timer = null;
        void get().flush();
      }, debounceMs);
    }

    function apply(edits: OverlayEdit[], undoStack: UndoStack, select?: string | null) {
      const state = get();
      pending = addPending(pending, edits);
      set({
        overlays: applyEdits(state.overlays, edits),
        undoStack,
        save: { kind: 'saving' },
        ...(select !== undefined ? { selectedId: select, selectedShapeId: null } : {}),
      });
      scheduleSave();
    }

    function change(edits: OverlayEdit[], coalesceKey?: string, select?: string | null) {
      const real = meaningful(edits);
      if (real.length === 0) return;
      const op = coalesceKey === undefined ? { edits: real, at: now() } : { edits: real, coalesceKey, at: now() };
      apply(real, record(get().undoStack, op), select);
    }

    /** After undo or redo, select what changed, so the user sees it. */
    function selectionAfter(edits: OverlayEdit[]): string | null {
      const shown = edits.find((e) => e.after !== null);
      return shown ? shown.externalId : null;
    }

    async function onConflict(siteId: string) {
      pending = new Map();
      cancelTimer();
      let draft: SiteMapDraft | null = null;
      try {
        draft = await deps.reloadDraft(siteId);
      } catch {
        // The notice below still says what happened; the page's own load error shows the rest.
      }
      if (get().siteId !== siteId) return;
      if (draft) get().seed(draft);
      set({ save: { kind: 'conflict' }, notice: CONFLICT_NOTICE });
    }

    async function send(): Promise<void> {
      const { siteId, revision } = get();
      if (siteId === null || pending.size === 0) return;
      const mine = generation;
      const batch = pending;
      pending = new Map();
      set({ save: { kind: 'saving' } });
      try {
        const result = await deps.api().call('sitemap.saveOverlays', {
          siteId,
          baseRevision: revision,
          ...toSaveInput(batch),
        });
        if (mine !== generation) return;
        set({ revision: result.revision, save: pending.size > 0 ? { kind: 'saving' } : { kind: 'saved' } });
        deps.onSaved(siteId, result.revision, get().overlays);
      } catch (err) {
        if (mine !== generation) return;
        if (err instanceof ApiError && err.code === 'conflict') {
          await onConflict(siteId);
          return;
        }
        pending = requeue(batch, pending);
        set({ save: { kind: 'error', reason: describeError(err) } });
      }
    }

    return {
      ...initial,

      seed(draft) {
        const left = get();
        if (left.siteId !== null && left.siteId !== draft.siteId && pending.size > 0) {
          // Edits of the site being left still deserve saving. Nothing here shows that site any more,
          // so the answer only matters when it fails, which the user cannot act on from another site.
          void deps
            .api()
            .call('sitemap.saveOverlays', { siteId: left.siteId, baseRevision: left.revision, ...toSaveInput(pending) })
            .catch(() => {});
        }
        generation++;
        cancelTimer();
        pending = new Map();
        inFlight = null;
        const sameSite = get().siteId === draft.siteId;
        const keep = (id: string | null) =>
          sameSite && id !== null && draft.overlays.some((o) => o.externalId === id) ? id : null;
        set({
          siteId: draft.siteId,
          revision: draft.revision,
          overlays: draft.overlays,
          shapes: draft.shapes,
          selectedId: keep(get().selectedId),
          selectedShapeId: sameSite ? get().selectedShapeId : null,
          undoStack: emptyUndoStack(),
          save: { kind: 'saved' },
          notice: sameSite ? get().notice : null,
        });
      },

      sync(draft) {
        const state = get();
        if (state.siteId !== draft.siteId) return get().seed(draft);
        if (draft.revision <= state.revision) {
          // Our own save coming back, or an older answer; shapes may still be news (same revision, new layer).
          if (draft.revision === state.revision && draft.shapes !== state.shapes) set({ shapes: draft.shapes });
          return;
        }
        // Someone else's change. With edits of ours waiting, their save will fail with a conflict and reload.
        if (pending.size > 0 || inFlight !== null) return;
        // The undo history is of a map that no longer exists: undoing now could overwrite their work.
        get().seed(draft);
      },

      select(externalId) {
        set({ selectedId: externalId, selectedShapeId: null });
      },

      selectShape(shapeId) {
        const overlay = get().overlays.find((o) => o.shapeId === shapeId);
        set(
          overlay
            ? { selectedId: overlay.externalId, selectedShapeId: null }
            : { selectedId: null, selectedShapeId: shapeId },
        );
      },

      update(externalId, changes, coalesceKey) {
        const before = get().overlays.find((o) => o.externalId === externalId);
        if (!before) return;
        const after: Overlay = { ...before, ...changes, externalId };
        // The contract's optional fields are left out, never undefined.
        if (after.layer === undefined) delete after.layer;
        if (after.properties === undefined) delete after.properties;
        change([{ externalId, before, after }], coalesceKey);
      },

      create(overlay) {
        if (get().overlays.some((o) => o.externalId === overlay.externalId)) return;
        change([{ externalId: overlay.externalId, before: null, after: overlay }], undefined, overlay.externalId);
      },

      remove(externalId) {
        const before = get().overlays.find((o) => o.externalId === externalId);
        if (!before) return;
        const select = get().selectedId === externalId ? null : get().selectedId;
        change([{ externalId, before, after: null }], undefined, select);
      },

      undo() {
        const step = undo(get().undoStack);
        if (step) apply(step.apply.edits, step.stack, selectionAfter(step.apply.edits));
      },

      redo() {
        const step = redo(get().undoStack);
        if (step) apply(step.apply.edits, step.stack, selectionAfter(step.apply.edits));
      },

      async flush() {
        cancelTimer();
        // One save at a time: the next one needs the revision this one answers with.
        while (inFlight !== null) await inFlight;
        if (pending.size === 0) {
          if (get().save.kind === 'saving') set({ save: { kind: 'saved' } });
          return;
        }
        const run = send();
        inFlight = run;
        try {
          await run;
        } finally {
          if (inFlight === run) inFlight = null;
        }
        // Edits made while that save was on its way.
        if (pending.size > 0 && get().save.kind === 'saving') await get().flush();
      },

      async discard() {
        const { siteId } = get();
        if (siteId === null) return;
        pending = new Map();
        cancelTimer();
        const draft = await deps.reloadDraft(siteId);
        if (draft && get().siteId === siteId) get().seed(draft);
        set({ save: { kind: 'saved' } });
      },

      hasUnsaved: () => pending.size > 0 || inFlight !== null,

      dismissNotice() {
        set({ notice: null, save: get().save.kind === 'conflict' ? { kind: 'saved' } : get().save });
      },

      reset() {
        generation++;
        cancelTimer();
        pending = new Map();
        inFlight = null;
        set({ ...initial, undoStack: emptyUndoStack() });
      },
    };
  });
}

export type MapEditorStore = ReturnType<typeof createMapEditorStore>;
