import { create } from 'zustand';
import type { TunnelInterface } from '../../main/contract/index.js';
import { describeError } from '../api/api-error.js';
import type { ApiClient } from '../api/client.js';

export interface TunnelsState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  items: TunnelInterface[];
  error: string | null;
  load(): Promise<void>;
  refresh(): Promise<void>;
  /** Refreshes on `tunnels.changed` and every `everyMs` (transfer counters move without events). */
  watch(everyMs?: number): () => void;
  reset(): void;
}

export function createTunnelsStore(api: () => Pick<ApiClient, 'call' | 'subscribe'>) {
  let generation = 0;
  return create<TunnelsState>()((set, get) => {
    async function fetchAll(showLoading: boolean) {
      const mine = ++generation;
      if (showLoading) set({ status: 'loading', error: null });
      try {
        const { items } = await api().call('tunnels.list', {});
        if (mine === generation) set({ status: 'ready', items, error: null });
      } catch (err) {
        if (mine === generation && (showLoading || get().status !== 'ready')) {
          set({ status: 'error', error: describeError(err) });
        }
      }
    }
    return {
      status: 'idle',
      items: [],
      error: null,
      load: () => fetchAll(true),
      refresh: () => fetchAll(false),
      watch(everyMs = 10_000) {
        const stop = api().subscribe('tunnels.changed', () => void fetchAll(false));
        const timer = setInterval(() => void fetchAll(false), everyMs);
        return () => {
          stop();
          clearInterval(timer);
        };
      },
      reset: () => set({ status: 'idle', items: [], error: null }),
    };
  });
}
