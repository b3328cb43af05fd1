import { describe, expect, it, vi } from 'vitest';
import type { Home } from '../../main/contract/index.js';
import { createHomeStore, openAlertCount } from './home.js';

function home(open: { critical: number; warning: number; info: number }): Home {
  return {
    generatedAt: 1,
    since: null,
    sites: [],
    alerts: { open, acknowledged: 0, items: [] },
    offline: { devices: 0, cameras: 0, items: [] },
    groups: { new: [], spiking: [] },
    overlays: { alarm: [] },
    sources: { failing: [] },
    tunnels: null,
    sync: null,
    empty: true,
  };
}

function fakeApi(answers: Home[]) {
  const listeners = new Map<string, () => void>();
  const unsubscribe = vi.fn();
  const api = {
    call: vi.fn(async () => answers.shift()),
    subscribe: vi.fn((topic: string, listener: () => void) => {
      listeners.set(topic, listener);
      return unsubscribe;
    }),
  };
  return { api: api as never, raw: api, listeners, unsubscribe };
}

describe('the Home store', () => {
  it('counts open alerts of every severity, not acknowledged ones', () => {
    expect(openAlertCount(null)).toBe(0);
    expect(openAlertCount(home({ critical: 1, warning: 2, info: 3 }))).toBe(6);
  });

  it('asks again when the server announces home.changed, with one subscription for every watcher', async () => {
    const { api, raw, listeners, unsubscribe } = fakeApi([
      home({ critical: 0, warning: 0, info: 0 }),
      home({ critical: 1, warning: 0, info: 0 }),
    ]);
    const store = createHomeStore(() => api);
    await store.getState().load();
    expect(openAlertCount(store.getState().home)).toBe(0);
    const stopNav = store.getState().watch();
    const stopPage = store.getState().watch();
    expect(raw.subscribe).toHaveBeenCalledTimes(1);
    listeners.get('home.changed')?.();
    await vi.waitFor(() => expect(openAlertCount(store.getState().home)).toBe(1));
    stopPage();
    expect(unsubscribe).not.toHaveBeenCalled();
    stopNav();
    expect(unsubscribe).toHaveBeenCalledTimes(1);
  });

  it('keeps the Home shown when a refresh fails, and shows the error of a first load', async () => {
    const { api, raw } = fakeApi([home({ critical: 0, warning: 1, info: 0 })]);
    const store = createHomeStore(() => api);
    await store.getState().load();
    raw.call.mockRejectedValueOnce(new Error('offline'));
    await store.getState().load();
    expect(store.getState()).toMatchObject({ status: 'ready', error: null });
    expect(openAlertCount(store.getState().home)).toBe(1);
    store.getState().reset();
    raw.call.mockRejectedValueOnce(new Error('offline'));
    await store.getState().load();
    expect(store.getState().status).toBe('error');
  });
});
