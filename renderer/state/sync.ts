import { create } from 'zustand';
import type { SyncConflict, SyncStatus } from '../../main/contract/index.js';
import { describeError } from '../api/api-error.js';
import type { ApiClient } from '../api/client.js';

export interface SyncState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  /** The site whose sync is shown; undefined: the installation's first site (as the API picks it). */
  siteId: string | undefined;
  sync: SyncStatus | null;
  conflicts: SyncConflict[];
  error: string | null;
  select(siteId: string | undefined): Promise<void>;
  load(): Promise<void>;
  refresh(): Promise<void>;
  /**
   * Refreshes on `sync.state` and every `everyMs` while a page shows it: the slice does not publish
   * that topic yet, so the poll is what keeps the page current today.
   */
  watch(everyMs?: number): () => void;
  /** Takes a fresh status from an answer (sync.enrol and sync.now answer the state afterwards). */
  accept(sync: SyncStatus): Promise<void>;
  reset(): void;
}

/** A site's sync state and its conflicts, for Settings → Sync. */
export function createSyncStore(api: () => Pick<ApiClient, 'call' | 'subscribe'>, mayReadConflicts: () => boolean) {
  let generation = 0;
  return create<SyncState>()((set, get) => {
    async function conflictsOf(sync: SyncStatus): Promise<SyncConflict[]> {
      if (sync.conflicts === 0 || !mayReadConflicts()) return [];
      return (await api().call('sync.conflicts', { siteId: sync.siteId })).items;
    }
    async function fetchAll(showLoading: boolean) {
      const mine = ++generation;
      if (showLoading) set({ status: 'loading', error: null });
      try {
        const { siteId } = get();
        const sync = await api().call('sync.status', siteId ? { siteId } : {});
        const conflicts = await conflictsOf(sync);
        if (mine === generation) set({ status: 'ready', sync, conflicts, error: null });
      } catch (err) {
        if (mine === generation && (showLoading || get().status !== 'ready')) {
          set({ status: 'error', error: describeError(err) });
        }
      }
    }
    return {
      status: 'idle',
      siteId: undefined,
      sync: null,
      conflicts: [],
      error: null,
      select(siteId) {
        set({ siteId, sync: null, conflicts: [] });
        return fetchAll(true);
      },
      load: () => fetchAll(true),
      refresh: () => fetchAll(false),
      watch(everyMs = 5_000) {
        const stop = api().subscribe('sync.state', () => void fetchAll(false));
        const timer = setInterval(() => void fetchAll(false), everyMs);
        return () => {
          stop();
          clearInterval(timer);
        };
      },
      async accept(sync) {
        const mine = ++generation;
        const conflicts = await conflictsOf(sync).catch(() => get().conflicts);
        if (mine === generation) set({ status: 'ready', sync, conflicts, error: null });
      },
      reset: () => {
        generation++;
        set({ status: 'idle', siteId: undefined, sync: null, conflicts: [], error: null });
      },
    };
  });
}
