import { create } from 'zustand';
import type { CreatedSource, InputOf, OutputOf, Source } from '../../main/contract/index.js';
import { describeError } from '../api/api-error.js';
import type { ApiClient } from '../api/client.js';

export interface SourcesState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  items: Source[];
  error: string | null;
  load(): Promise<void>;
  refresh(): Promise<void>;
  /** Rejects with ApiError for the form; a webhook's answer carries its token (shown once). */
  create(input: InputOf<'sources.create'>): Promise<CreatedSource>;
  /** Rejects with ApiError for the edit form (field paths as in create). */
  update(input: InputOf<'sources.update'>): Promise<Source>;
  setEnabled(id: string, enabled: boolean): Promise<void>;
  remove(id: string): Promise<void>;
  test(input: InputOf<'sources.test'>): Promise<OutputOf<'sources.test'>>;
  watch(): () => void;
  reset(): void;
}

export function bySourceName(a: Source, b: Source): number {
  return a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.id.localeCompare(b.id);
}

function withoutToken({ token: _token, ...source }: CreatedSource): Source {
  void _token;
  return source;
}

export function createSourcesStore(api: () => Pick<ApiClient, 'call' | 'subscribe'>) {
  let generation = 0;

  return create<SourcesState>()((set, get) => {
    async function fetchSources(showLoading: boolean) {
      const mine = ++generation;
      if (showLoading) set({ status: 'loading', error: null });
      try {
        const { items } = await api().call('sources.list', {});
        if (mine === generation) set({ status: 'ready', items: [...items].sort(bySourceName), error: null });
      } catch (err) {
        if (mine === generation && (showLoading || get().status !== 'ready')) {
          set({ status: 'error', error: describeError(err) });
        }
      }
    }

    function put(source: Source) {
      set((s) => ({ items: [...s.items.filter((x) => x.id !== source.id), source].sort(bySourceName) }));
    }

    return {
      status: 'idle',
      items: [],
      error: null,
      load: () => fetchSources(true),
      refresh: () => fetchSources(false),

      async create(input) {
        const created = await api().call('sources.create', input);
        // The token must never sit in the shared store; only the form that asked shows it, once.
        put(withoutToken(created));
        return created;
      },

      async update(input) {
        const updated = await api().call('sources.update', input);
        put(updated);
        return updated;
      },

      async setEnabled(id, enabled) {
        put(await api().call('sources.update', { id, enabled }));
      },

      async remove(id) {
        await api().call('sources.delete', { id });
        set((s) => ({ items: s.items.filter((x) => x.id !== id) }));
      },

      test: (input) => api().call('sources.test', input),

      watch() {
        let timer: ReturnType<typeof setTimeout> | null = null;
        const stop = api().subscribe('sources.health', () => {
          timer ??= setTimeout(() => {
            timer = null;
            void get().refresh();
          }, 300);
        });
        return () => {
          stop();
          if (timer) clearTimeout(timer);
        };
      },

      reset() {
        generation++;
        set({ status: 'idle', items: [], error: null });
      },
    };
  });
}

export type SourcesStore = ReturnType<typeof createSourcesStore>;
