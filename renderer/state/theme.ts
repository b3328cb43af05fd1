import { create } from 'zustand';
import { persist, type StateStorage } from 'zustand/middleware';
import { jsonStorage } from './storage.js';

export const THEME_STORAGE_KEY = 'outpost.theme';
export const THEME_MODES = ['light', 'dark', 'system'] as const;
export type ThemeMode = (typeof THEME_MODES)[number];

export interface ThemeState {
  mode: ThemeMode;
  setMode(mode: ThemeMode): void;
  /** light → dark → system → light: one button, reachable by keyboard. */
  cycle(): void;
}

export function nextThemeMode(mode: ThemeMode): ThemeMode {
  return THEME_MODES[(THEME_MODES.indexOf(mode) + 1) % THEME_MODES.length] ?? 'system';
}

export function createThemeStore(storage: StateStorage) {
  return create<ThemeState>()(
    persist(
      (set, get) => ({
        mode: 'system',
        setMode: (mode) => set({ mode }),
        cycle: () => set({ mode: nextThemeMode(get().mode) }),
      }),
      {
        name: THEME_STORAGE_KEY,
        storage: jsonStorage<Pick<ThemeState, 'mode'>>(storage),
        partialize: (state) => ({ mode: state.mode }),
        // A hand-edited or older value must not leave the page without a theme.
        merge: (persisted, current) => {
          const mode = (persisted as { mode?: unknown } | undefined)?.mode;
          return THEME_MODES.includes(mode as ThemeMode) ? { ...current, mode: mode as ThemeMode } : current;
        },
      },
    ),
  );
}

/** `system` leaves the choice to `prefers-color-scheme` in the stylesheet. */
export function applyTheme(root: HTMLElement, mode: ThemeMode): void {
  if (mode === 'system') delete root.dataset.theme;
  else root.dataset.theme = mode;
}
