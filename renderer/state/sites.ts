import { create } from 'zustand';
import type { InputOf, Site } from '../../main/contract/index.js';
import { describeError } from '../api/api-error.js';
import type { ApiClient } from '../api/client.js';

export interface SitesState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  sites: Site[];
  error: string | null;
  /** Shows the loading state; for the first load and "Try again". */
  load(): Promise<void>;
  /** Reloads without hiding the table; for live updates. */
  refresh(): Promise<void>;
  /** Rejects with ApiError so the form can show field errors; on success the site is in the list. */
  create(input: InputOf<'sites.create'>): Promise<Site>;
  /** Keeps the list current while something shows it. Returns the unsubscribe function. */
  watch(): () => void;
  /** Forgets everything, e.g. on sign-out, so the next user never sees this tenant's sites. */
  reset(): void;
}

export function byName(a: Site, b: Site): number {
  return a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.slug.localeCompare(b.slug);
}

export function createSitesStore(api: () => Pick<ApiClient, 'call' | 'subscribe'>) {
  // Answers can arrive out of order (a slow load after a quick refresh); only the newest may win.
  let generation = 0;

  return create<SitesState>()((set, get) => {
    async function fetchSites(showLoading: boolean): Promise<void> {
      const mine = ++generation;
      if (showLoading) set({ status: 'loading', error: null });
      try {
        const { sites } = await api().call('sites.list', {});
        if (mine === generation) set({ status: 'ready', sites: [...sites].sort(byName), error: null });
      } catch (err) {
        // A failed background refresh keeps the list the user is looking at.
        if (mine === generation && (showLoading || get().status !== 'ready')) {
          set({ status: 'error', error: describeError(err) });
        }
      }
    }

    return {
      status: 'idle',
      sites: [],
      error: null,
      load: () => fetchSites(true),
      refresh: () => fetchSites(false),

      async create(input) {
        const site = await api().call('sites.create', input);
        set((state) => ({ sites: [...state.sites.filter((s) => s.id !== site.id), site].sort(byName) }));
        return site;
      },

      watch() {
        return api().subscribe('sites.changed', () => void get().refresh());
      },

      reset() {
        generation++;
        set({ status: 'idle', sites: [], error: null });
      },
    };
  });
}

export type SitesStore = ReturnType<typeof createSitesStore>;
