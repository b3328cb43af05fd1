import { describe, expect, it } from 'vitest';
import { memoryStorage } from './storage.js';
import { createThemeStore, nextThemeMode, THEME_STORAGE_KEY } from './theme.js';

describe('theme store', () => {
  it('cycles light → dark → system → light', () => {
    expect(nextThemeMode('light')).toBe('dark');
    expect(nextThemeMode('dark')).toBe('system');
    expect(nextThemeMode('system')).toBe('light');
  });

  it('defaults to system and persists the choice', () => {
    const storage = memoryStorage();
    const store = createThemeStore(storage);
    expect(store.getState().mode).toBe('system');
    store.getState().cycle();
    expect(store.getState().mode).toBe('light');
    expect(JSON.parse(storage.data.get(THEME_STORAGE_KEY) ?? '{}').state).toEqual({ mode: 'light' });
    expect(createThemeStore(storage).getState().mode).toBe('light');
  });

  it('ignores a stored value it does not know', () => {
    const storage = memoryStorage({ [THEME_STORAGE_KEY]: JSON.stringify({ state: { mode: 'neon' }, version: 0 }) });
    expect(createThemeStore(storage).getState().mode).toBe('system');
  });
});
