import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SyncStatus } from '../../main/contract/index.js';
import { createHubStore } from './hub.js';
import { createSyncStore } from './sync.js';
import { fakeApi } from './test-fixtures.js';

const SITE = '01J0000000000000000000000S';

function status(extra: Partial<SyncStatus> = {}): SyncStatus {
  return {
    siteId: SITE,
    state: 'synced',
    hubUrl: 'http://127.0.0.1:1',
    hubSiteId: null,
    enrolledAt: 1,
    outbox: { records: 0, oldestAt: null, ratePerSecond: null, etaSeconds: null },
    lastPushAt: 2,
    lastPullAt: 2,
    lastContactAt: 2,
    lastError: null,
    clock: { offsetMs: 0, skewed: false, measuredAt: 2 },
    conflicts: 0,
    upgrade: null,
    hubVersion: '0.1.0',
    ...extra,
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the sync store (Settings → Sync)', () => {
  it('asks for conflicts only when there are some and the user may read them', async () => {
    let current = status();
    const { api, raw } = fakeApi({
      'sync.status': async () => current,
      'sync.conflicts': async () => ({ items: [{ id: 'C' }] }),
    });
    let mayRead = true;
    const store = createSyncStore(
      () => api,
      () => mayRead,
    );
    await store.getState().load();
    expect(raw.call).not.toHaveBeenCalledWith('sync.conflicts', expect.anything());
    current = status({ conflicts: 1 });
    await store.getState().refresh();
    expect(raw.call).toHaveBeenLastCalledWith('sync.conflicts', { siteId: SITE });
    expect(store.getState().conflicts).toHaveLength(1);
    mayRead = false;
    await store.getState().refresh();
    expect(store.getState().conflicts).toEqual([]);
  });

  it('asks about the chosen site, polls and listens while watched, and stops when the page leaves', async () => {
    vi.useFakeTimers();
    const { api, raw, listeners, unsubscribe } = fakeApi({ 'sync.status': async () => status() });
    const store = createSyncStore(
      () => api,
      () => false,
    );
    await store.getState().select('01J0000000000000000000000T');
    expect(raw.call).toHaveBeenLastCalledWith('sync.status', { siteId: '01J0000000000000000000000T' });
    const stop = store.getState().watch(5_000);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(raw.call).toHaveBeenCalledTimes(3);
    listeners.get('sync.state')?.({});
    await vi.advanceTimersByTimeAsync(0);
    expect(raw.call).toHaveBeenCalledTimes(4);
    stop();
    expect(unsubscribe).toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(raw.call).toHaveBeenCalledTimes(4);
  });

  it('keeps the last good state when a refresh fails, and shows the error when a load does', async () => {
    let fail = false;
    const { api } = fakeApi({
      'sync.status': async () => {
        if (fail) throw new Error('The network is down');
        return status();
      },
    });
    const store = createSyncStore(
      () => api,
      () => false,
    );
    await store.getState().load();
    fail = true;
    await store.getState().refresh();
    expect(store.getState()).toMatchObject({ status: 'ready', sync: { state: 'synced' } });
    await store.getState().load();
    expect(store.getState().status).toBe('error');
    expect(store.getState().error).toMatch(/network is down/);
  });
});

describe('the hub store (Hub page)', () => {
  it('reads enrolment codes only for those who may (admins)', async () => {
    const { api, raw } = fakeApi({
      'hub.sites': async () => ({ items: [], at: 5 }),
      'hub.enrolments': async () => ({ items: [{ id: 'E' }] }),
    });
    let admin = false;
    const store = createHubStore(
      () => api,
      () => admin,
    );
    await store.getState().load();
    expect(raw.call).not.toHaveBeenCalledWith('hub.enrolments', expect.anything());
    expect(store.getState()).toMatchObject({ status: 'ready', at: 5, enrolments: [] });
    admin = true;
    await store.getState().refresh();
    expect(store.getState().enrolments).toHaveLength(1);
  });
});
