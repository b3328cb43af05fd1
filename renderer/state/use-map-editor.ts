import { api, useSession, useSiteMap } from './app-state.js';
import { createMapEditorStore } from './map-editor.js';

/**
 * The app's map editor, wired to the shared site-map store: the editor's working copy follows the
 * draft the viewer shows, and what the editor saves is shown there at once. Kept apart from
 * map-editor.ts so its tests need no API client.
 */
export const useMapEditor = createMapEditorStore({
  api: () => api,

  async reloadDraft(siteId) {
    const siteMap = useSiteMap.getState();
    if (siteMap.siteId !== siteId) return null;
    await siteMap.reload();
    const { draft, error } = useSiteMap.getState();
    if (error !== null) throw new Error(error);
    return draft?.siteId === siteId ? draft : null;
  },

  onSaved(siteId, revision, overlays) {
    const { draft, setDraft } = useSiteMap.getState();
    if (draft?.siteId === siteId && revision >= draft.revision) setDraft({ ...draft, revision, overlays });
  },
});

useSiteMap.subscribe((state, previous) => {
  if (state.draft !== null && state.draft !== previous.draft) useMapEditor.getState().sync(state.draft);
});

useSession.subscribe((state, previous) => {
  if (state.status === 'signed-out' && previous.status !== 'signed-out') useMapEditor.getState().reset();
});
