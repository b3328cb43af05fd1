import { create } from 'zustand';
import { persist, type StateStorage } from 'zustand/middleware';
import { jsonStorage } from './storage.js';

export const LAYOUT_STORAGE_KEY = 'outpost.layout';

export interface LayoutState {
  /** The primary navigation is hidden, so the page has the whole width (small screens, wall PCs). */
  navCollapsed: boolean;
  toggleNav(): void;
}

/** The frame's own choices, kept per browser like the theme. */
export function createLayoutStore(storage: StateStorage) {
  return create<LayoutState>()(
    persist(
      (set, get) => ({
        navCollapsed: false,
        toggleNav: () => set({ navCollapsed: !get().navCollapsed }),
      }),
      {
        name: LAYOUT_STORAGE_KEY,
        storage: jsonStorage<Pick<LayoutState, 'navCollapsed'>>(storage),
        partialize: (state) => ({ navCollapsed: state.navCollapsed }),
        merge: (persisted, current) => ({
          ...current,
          navCollapsed: (persisted as { navCollapsed?: unknown } | undefined)?.navCollapsed === true,
        }),
      },
    ),
  );
}
