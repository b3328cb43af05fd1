import { create } from 'zustand';
import type { Event } from '../../main/contract/index.js';
import { describeError } from '../api/api-error.js';
import type { ApiClient } from '../api/client.js';
import type { EventQuery } from './event-filters.js';
import { appendOlder, matchesQuery, mergeEvents } from './feed-merge.js';

export const PAGE_SIZE = 100;
/** Above this many new ids in one burst, one `events.list` page is cheaper than an `events.get` each. */
const MAX_GETS = 20;
/** Bursts of `events.created` are gathered for this long, so a busy site does not cause a call per event. */
const GATHER_MS = 400;

export interface EventFeedState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  items: Event[];
  error: string | null;
  nextCursor: string | null;
  older: 'idle' | 'loading' | 'error';
  olderError: string | null;
  /** New events held back while the reader is scrolled away from the top. */
  pending: Event[];
  atTop: boolean;
  query: EventQuery;
  load(query: EventQuery): Promise<void>;
  loadOlder(): Promise<void>;
  /** The reader is (or is no longer) at the top: at the top, new events go straight into the feed. */
  setAtTop(atTop: boolean): void;
  /** "N new events": shows what was held back. */
  showPending(): void;
  /** Replaces shown copies, e.g. after acknowledging. */
  upsert(events: Event[]): void;
  acknowledge(ids: string[]): Promise<void>;
  watch(): () => void;
  reset(): void;
}

export function createEventFeedStore(api: () => Pick<ApiClient, 'call' | 'subscribe'>) {
  let generation = 0;

  return create<EventFeedState>()((set, get) => {
    let waiting = new Set<string>();
    let timer: ReturnType<typeof setTimeout> | null = null;

    function receive(fresh: Event[]) {
      const { query, atTop, items, pending } = get();
      const wanted = fresh.filter((e) => matchesQuery(e, query));
      if (wanted.length === 0) return;
      const shownIds = new Set(items.map((e) => e.id));
      // Updates to rows on screen never move anything, so they need not wait for the reader.
      const updates = wanted.filter((e) => shownIds.has(e.id));
      const added = wanted.filter((e) => !shownIds.has(e.id));
      if (atTop) set({ items: mergeEvents(items, wanted), pending: [] });
      else set({ items: mergeEvents(items, updates), pending: mergeEvents(pending, added) });
    }

    async function flush() {
      timer = null;
      const ids = [...waiting];
      waiting = new Set();
      const mine = generation;
      if (ids.length === 0 || get().status !== 'ready') return;
      try {
        let fresh: Event[];
        if (ids.length > MAX_GETS) {
          fresh = (await api().call('events.list', { ...get().query, limit: PAGE_SIZE })).items;
        } else {
          const settled = await Promise.allSettled(ids.map((id) => api().call('events.get', { id })));
          fresh = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
        }
        if (mine === generation) receive(fresh);
      } catch {
        // A missed live update is not worth an error banner: the next one or a reload catches up.
      }
    }

    return {
      status: 'idle',
      items: [],
      error: null,
      nextCursor: null,
      older: 'idle',
      olderError: null,
      pending: [],
      atTop: true,
      query: {},

      async load(query) {
        const mine = ++generation;
        set({ status: 'loading', error: null, query, pending: [], older: 'idle', olderError: null });
        try {
          const page = await api().call('events.list', { ...query, limit: PAGE_SIZE });
          if (mine !== generation) return;
          set({ status: 'ready', items: page.items, nextCursor: page.nextCursor });
        } catch (err) {
          if (mine !== generation) return;
          set({ status: 'error', error: describeError(err), items: [], nextCursor: null });
        }
      },

      async loadOlder() {
        const { nextCursor, older, query, status } = get();
        if (!nextCursor || older === 'loading' || status !== 'ready') return;
        const mine = generation;
        set({ older: 'loading', olderError: null });
        try {
          const page = await api().call('events.list', { ...query, cursor: nextCursor, limit: PAGE_SIZE });
          if (mine !== generation) return;
          set((s) => ({ items: appendOlder(s.items, page.items), nextCursor: page.nextCursor, older: 'idle' }));
        } catch (err) {
          if (mine !== generation) return;
          set({ older: 'error', olderError: describeError(err) });
        }
      },

      setAtTop(atTop) {
        if (atTop === get().atTop) return;
        set({ atTop });
        if (atTop) get().showPending();
      },

      showPending() {
        const { pending, items } = get();
        if (pending.length > 0) set({ items: mergeEvents(items, pending), pending: [] });
      },

      upsert(events) {
        set((s) => ({
          items: mergeEvents(
            s.items,
            events.filter((e) => s.items.some((i) => i.id === e.id)),
          ),
        }));
      },

      async acknowledge(ids) {
        await api().call('events.acknowledge', { ids });
        const settled = await Promise.allSettled(ids.map((id) => api().call('events.get', { id })));
        get().upsert(settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])));
      },

      watch() {
        const stop = api().subscribe('events.created', ({ ids }) => {
          for (const id of ids) waiting.add(id);
          timer ??= setTimeout(() => void flush(), GATHER_MS);
        });
        return () => {
          stop();
          if (timer) clearTimeout(timer);
          timer = null;
          waiting = new Set();
        };
      },

      reset() {
        generation++;
        set({ status: 'idle', items: [], error: null, nextCursor: null, pending: [], query: {}, atTop: true });
      },
    };
  });
}

export type EventFeedStore = ReturnType<typeof createEventFeedStore>;
