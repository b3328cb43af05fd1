import { describe, expect, it } from 'vitest';
import { ChunkLoadError, claimReload, loadChunk, RELOAD_KEY, RELOAD_WINDOW_MS } from './chunk-load.js';
import { memoryStorage } from './state/storage.js';

describe('loadChunk', () => {
  it('passes a module through and turns any import failure into a ChunkLoadError with its cause', async () => {
    await expect(loadChunk(async () => ({ x: 1 }))).resolves.toEqual({ x: 1 });
    const cause = new TypeError('Failed to fetch dynamically imported module: /assets/EventsPage-1.js');
    const error = await loadChunk(() => Promise.reject(cause)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChunkLoadError);
    expect((error as ChunkLoadError).cause).toBe(cause);
  });
});

describe('claimReload', () => {
  it('reloads the first time, not again within the window, and again once it has passed', () => {
    const storage = memoryStorage();
    expect(claimReload(storage, 1_000_000)).toBe(true);
    expect(storage.data.get(RELOAD_KEY)).toBe('1000000');
    expect(claimReload(storage, 1_000_000 + RELOAD_WINDOW_MS - 1)).toBe(false);
    expect(claimReload(storage, 1_000_000 + RELOAD_WINDOW_MS)).toBe(true);
  });

  it('never reloads without a storage to remember it in, or when it throws', () => {
    expect(claimReload(undefined)).toBe(false);
    const throwing = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(claimReload(throwing)).toBe(false);
  });

  it('treats a garbled record as no record', () => {
    expect(claimReload(memoryStorage({ [RELOAD_KEY]: 'soon' }), 5)).toBe(true);
  });
});
