import { describe, expect, it } from 'vitest';
import { createLayoutStore, LAYOUT_STORAGE_KEY } from './layout.js';
import { memoryStorage } from './storage.js';

describe('layout store', () => {
  it('remembers a collapsed navigation across page loads', () => {
    const storage = memoryStorage();
    const first = createLayoutStore(storage);
    expect(first.getState().navCollapsed).toBe(false);
    first.getState().toggleNav();
    expect(createLayoutStore(storage).getState().navCollapsed).toBe(true);
  });

  it('ignores a hand-edited value', () => {
    const storage = memoryStorage({ [LAYOUT_STORAGE_KEY]: JSON.stringify({ state: { navCollapsed: 'yes' } }) });
    expect(createLayoutStore(storage).getState().navCollapsed).toBe(false);
  });
});
