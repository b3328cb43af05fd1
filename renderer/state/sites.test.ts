import { describe, expect, it, vi } from 'vitest';
import type { Site } from '../../main/contract/index.js';
import { ApiError } from '../api/api-error.js';
import { createSitesStore } from './sites.js';

function site(name: string, id = name.toUpperCase().padEnd(26, '0')): Site {
  return {
    id,
    tenantId: 'T'.padEnd(26, '0'),
    name,
    slug: name.toLowerCase(),
    timezone: 'UTC',
    address: '',
    createdAt: 0,
    updatedAt: 0,
  };
}

function fakeApi(handlers: Record<string, (input: unknown) => Promise<unknown>>) {
  const listeners = new Map<string, (payload: unknown) => void>();
  const unsubscribe = vi.fn();
  const api = {
    call: vi.fn((method: string, input: unknown) => handlers[method]!(input)),
    subscribe: vi.fn((topic: string, listener: (payload: unknown) => void) => {
      listeners.set(topic, listener);
      return unsubscribe;
    }),
  };
  return { api: api as never, raw: api, listeners, unsubscribe };
}

describe('sites store', () => {
  it('loads and sorts sites by name', async () => {
    const { api } = fakeApi({ 'sites.list': async () => ({ sites: [site('Zeta'), site('alpha')] }) });
    const store = createSitesStore(() => api);
    const pending = store.getState().load();
    expect(store.getState().status).toBe('loading');
    await pending;
    expect(store.getState().status).toBe('ready');
    expect(store.getState().sites.map((s) => s.name)).toEqual(['alpha', 'Zeta']);
  });

  it('shows an error state with the server message', async () => {
    const { api } = fakeApi({
      'sites.list': async () => {
        throw new ApiError('unavailable', 'Cannot reach Outpost at http://x — is `outpost serve` running?');
      },
    });
    const store = createSitesStore(() => api);
    await store.getState().load();
    expect(store.getState()).toMatchObject({ status: 'error', error: expect.stringMatching(/Cannot reach Outpost/) });
  });

  it('adds a created site to the list in order', async () => {
    const created = site('Beta');
    const { api } = fakeApi({
      'sites.list': async () => ({ sites: [site('Alpha'), site('Gamma')] }),
      'sites.create': async () => created,
    });
    const store = createSitesStore(() => api);
    await store.getState().load();
    await expect(store.getState().create({ name: 'Beta', slug: 'beta' })).resolves.toEqual(created);
    expect(store.getState().sites.map((s) => s.name)).toEqual(['Alpha', 'Beta', 'Gamma']);
  });

  it('passes create errors to the form and leaves the list alone', async () => {
    const { api } = fakeApi({
      'sites.list': async () => ({ sites: [site('Alpha')] }),
      'sites.create': async () => {
        throw new ApiError('conflict', 'A site with the slug "alpha" already exists.');
      },
    });
    const store = createSitesStore(() => api);
    await store.getState().load();
    await expect(store.getState().create({ name: 'Alpha 2', slug: 'alpha' })).rejects.toMatchObject({
      code: 'conflict',
    });
    expect(store.getState().sites).toHaveLength(1);
  });

  it('refreshes quietly on sites.changed and unsubscribes', async () => {
    let sites = [site('Alpha')];
    const { api, listeners, unsubscribe } = fakeApi({ 'sites.list': async () => ({ sites }) });
    const store = createSitesStore(() => api);
    await store.getState().load();
    const stop = store.getState().watch();
    sites = [site('Alpha'), site('Omega')];
    listeners.get('sites.changed')?.({ siteId: 'x', action: 'created' });
    expect(store.getState().status).toBe('ready');
    await vi.waitFor(() => expect(store.getState().sites).toHaveLength(2));
    stop();
    expect(unsubscribe).toHaveBeenCalled();
  });

  it('keeps the table when a background refresh fails', async () => {
    let fail = false;
    const { api } = fakeApi({
      'sites.list': async () => {
        if (fail) throw new ApiError('unavailable', 'gone');
        return { sites: [site('Alpha')] };
      },
    });
    const store = createSitesStore(() => api);
    await store.getState().load();
    fail = true;
    await store.getState().refresh();
    expect(store.getState()).toMatchObject({ status: 'ready', error: null });
    expect(store.getState().sites).toHaveLength(1);
  });

  it('ignores an answer that arrives after a reset', async () => {
    let resolve!: (value: unknown) => void;
    const { api } = fakeApi({ 'sites.list': () => new Promise((r) => (resolve = r)) });
    const store = createSitesStore(() => api);
    const pending = store.getState().load();
    store.getState().reset();
    resolve({ sites: [site('Other tenant')] });
    await pending;
    expect(store.getState()).toMatchObject({ status: 'idle', sites: [] });
  });
});
