import { create } from 'zustand';
import type { Home } from '../../main/contract/index.js';
import { describeError } from '../api/api-error.js';
import type { ApiClient } from '../api/client.js';

type Status = 'idle' | 'loading' | 'ready' | 'error';

export interface HomeState {
  status: Status;
  home: Home | null;
  error: string | null;
  load(): Promise<void>;
  /** Follows `home.changed` (the server refreshed this tenant's cached Homes). Returns the unsubscribe. */
  watch(): () => void;
  reset(): void;
}

/** Open alerts not yet acknowledged, every severity: the count the navigation shows. */
export function openAlertCount(home: Home | null): number {
  if (!home) return 0;
  const { critical, warning, info } = home.alerts.open;
  return critical + warning + info;
}

/**
 * The caller's Home. One copy serves the Home page and the navigation's count; it follows the
 * server's `home.changed` announcements instead of polling, and the server answers from its cache.
 */
export function createHomeStore(api: () => Pick<ApiClient, 'call' | 'subscribe'>) {
  let generation = 0;
  let watchers = 0;
  let stop: (() => void) | null = null;

  return create<HomeState>()((set, get) => {
    async function fetchHome() {
      const mine = ++generation;
      if (get().status !== 'ready') set({ status: 'loading', error: null });
      try {
        const home = await api().call('home.get', {});
        if (mine === generation) set({ status: 'ready', home, error: null });
      } catch (err) {
        // A failed refresh keeps the Home shown; only a first load shows the error.
        if (mine === generation && get().status !== 'ready') set({ status: 'error', error: describeError(err) });
      }
    }

    return {
      status: 'idle',
      home: null,
      error: null,
      load: fetchHome,
      watch() {
        // The navigation and the Home page both watch: one subscription serves them.
        if (watchers++ === 0) stop = api().subscribe('home.changed', () => void fetchHome());
        return () => {
          if (--watchers === 0) {
            stop?.();
            stop = null;
          }
        };
      },
      reset() {
        generation++;
        set({ status: 'idle', home: null, error: null });
      },
    };
  });
}
