import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Event } from '../../main/contract/index.js';
import { ApiError } from '../api/api-error.js';
import { createEventFeedStore } from './event-feed.js';
import { event, fakeApi } from './test-fixtures.js';

afterEach(() => vi.useRealTimers());

function setup(byId: Record<string, Event>, page: Event[], nextCursor: string | null = null) {
  const fake = fakeApi({
    'events.list': async (input: { cursor?: string }) =>
      input.cursor ? { items: [event('Z', 1)], nextCursor: null } : { items: page, nextCursor },
    'events.get': async (input: { id: string }) => {
      const found = byId[input.id];
      if (!found) throw new ApiError('not_found', 'gone');
      return found;
    },
    'events.acknowledge': async () => ({ acknowledged: 1 }),
  });
  return { ...fake, store: createEventFeedStore(() => fake.api) };
}

describe('event feed store', () => {
  it('loads the first page and then older pages by cursor', async () => {
    const { store, raw } = setup({}, [event('B', 200), event('A', 100)], 'CUR');
    await store.getState().load({ severity: 'warning' });
    expect(raw.call).toHaveBeenCalledWith('events.list', { severity: 'warning', limit: 100 });
    await store.getState().loadOlder();
    expect(raw.call).toHaveBeenLastCalledWith('events.list', { severity: 'warning', cursor: 'CUR', limit: 100 });
    expect(store.getState().items.map((e) => e.id[0])).toEqual(['B', 'A', 'Z']);
    expect(store.getState().nextCursor).toBeNull();
  });

  it('shows an error with the server message', async () => {
    const fake = fakeApi({
      'events.list': async () => {
        throw new ApiError('unavailable', 'Cannot reach Outpost.');
      },
    });
    const store = createEventFeedStore(() => fake.api);
    await store.getState().load({});
    expect(store.getState()).toMatchObject({ status: 'error', error: 'Cannot reach Outpost.' });
  });

  it('fetches live events by id and prepends them at the top', async () => {
    vi.useFakeTimers();
    const c = event('C', 300);
    const { store, listeners } = setup({ [c.id]: c }, [event('B', 200)]);
    await store.getState().load({});
    store.getState().watch();
    listeners.get('events.created')?.({ ids: [c.id], siteId: 'S' });
    await vi.runAllTimersAsync();
    expect(store.getState().items.map((e) => e.id[0])).toEqual(['C', 'B']);
  });

  it('holds new events back while the reader is scrolled away, then shows them', async () => {
    vi.useFakeTimers();
    const c = event('C', 300);
    const d = event('D', 400, { severity: 'debug' });
    const { store, listeners } = setup({ [c.id]: c, [d.id]: d }, [event('B', 200)]);
    await store.getState().load({ severity: 'info' });
    store.getState().watch();
    store.getState().setAtTop(false);
    listeners.get('events.created')?.({ ids: [c.id, d.id], siteId: 'S' });
    await vi.runAllTimersAsync();
    // The debug event does not match the filter and never appears.
    expect(store.getState().pending.map((e) => e.id[0])).toEqual(['C']);
    expect(store.getState().items.map((e) => e.id[0])).toEqual(['B']);
    store.getState().setAtTop(true);
    expect(store.getState().items.map((e) => e.id[0])).toEqual(['C', 'B']);
    expect(store.getState().pending).toEqual([]);
  });

  it('updates an acknowledged event in place', async () => {
    const b = event('B', 200);
    const acked = { ...b, acknowledgedAt: 9, acknowledgedBy: 'ada' };
    const { store, raw } = setup({ [b.id]: acked }, [b, event('A', 100)]);
    await store.getState().load({});
    await store.getState().acknowledge([b.id]);
    expect(raw.call).toHaveBeenCalledWith('events.acknowledge', { ids: [b.id] });
    expect(store.getState().items[0]).toMatchObject({ acknowledgedBy: 'ada' });
    expect(store.getState().items).toHaveLength(2);
  });

  it('drops an answer that arrives after the filters changed', async () => {
    let resolveFirst!: (v: unknown) => void;
    let calls = 0;
    const fake = fakeApi({
      'events.list': () =>
        ++calls === 1
          ? new Promise((r) => (resolveFirst = r))
          : Promise.resolve({ items: [event('N', 1)], nextCursor: null }),
    });
    const store = createEventFeedStore(() => fake.api);
    const first = store.getState().load({ kind: 'log' });
    await store.getState().load({ kind: 'error' });
    resolveFirst({ items: [event('O', 1)], nextCursor: null });
    await first;
    expect(store.getState().items.map((e) => e.id[0])).toEqual(['N']);
  });
});
