import { create } from 'zustand';
import type { HubSite, OutputOf } from '../../main/contract/index.js';
import { describeError } from '../api/api-error.js';
import type { ApiClient } from '../api/client.js';

export type HubEnrolment = OutputOf<'hub.enrolments'>['items'][number];

export interface HubState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  sites: HubSite[];
  /** Codes made and their state; empty for those who may not see them (admins only). */
  enrolments: HubEnrolment[];
  /** The hub's time of the list (what "late" and "ago" are measured against). */
  at: number | null;
  error: string | null;
  load(): Promise<void>;
  refresh(): Promise<void>;
  watch(everyMs?: number): () => void;
  reset(): void;
}

/** The hub's sites and enrolment codes, for the Hub page. */
export function createHubStore(api: () => Pick<ApiClient, 'call'>, mayReadEnrolments: () => boolean) {
  let generation = 0;
  return create<HubState>()((set, get) => {
    async function fetchAll(showLoading: boolean) {
      const mine = ++generation;
      if (showLoading) set({ status: 'loading', error: null });
      try {
        const [sites, enrolments] = await Promise.all([
          api().call('hub.sites', {}),
          mayReadEnrolments() ? api().call('hub.enrolments', {}) : Promise.resolve({ items: [] }),
        ]);
        if (mine === generation) {
          set({ status: 'ready', sites: sites.items, at: sites.at, enrolments: enrolments.items, error: null });
        }
      } catch (err) {
        if (mine === generation && (showLoading || get().status !== 'ready')) {
          set({ status: 'error', error: describeError(err) });
        }
      }
    }
    return {
      status: 'idle',
      sites: [],
      enrolments: [],
      at: null,
      error: null,
      load: () => fetchAll(true),
      refresh: () => fetchAll(false),
      watch(everyMs = 10_000) {
        const timer = setInterval(() => void fetchAll(false), everyMs);
        return () => clearInterval(timer);
      },
      reset: () => {
        generation++;
        set({ status: 'idle', sites: [], enrolments: [], at: null, error: null });
      },
    };
  });
}
