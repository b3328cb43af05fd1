import { create } from 'zustand';
import type { InputOf, SearchHit } from '../../main/contract/index.js';
import { describeError } from '../api/api-error.js';
import type { ApiClient } from '../api/client.js';

export interface SearchState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  input: InputOf<'search.query'> | null;
  items: SearchHit[];
  mode: 'hybrid' | 'keyword' | null;
  error: string | null;
  search(input: InputOf<'search.query'>): Promise<void>;
  reset(): void;
}

export function createSearchStore(api: () => Pick<ApiClient, 'call'>) {
  let generation = 0;
  return create<SearchState>()((set) => ({
    status: 'idle',
    input: null,
    items: [],
    mode: null,
    error: null,

    async search(input) {
      const mine = ++generation;
      set({ status: 'loading', input, error: null });
      try {
        const { items, mode } = await api().call('search.query', input);
        if (mine === generation) set({ status: 'ready', items, mode });
      } catch (err) {
        if (mine === generation) set({ status: 'error', items: [], mode: null, error: describeError(err) });
      }
    },

    reset() {
      generation++;
      set({ status: 'idle', input: null, items: [], mode: null, error: null });
    },
  }));
}
