import { create } from 'zustand';
import type { SystemInfo } from '../../main/contract/index.js';
import type { ApiClient } from '../api/client.js';

export interface SystemInfoState {
  /** Null until known (and when it could not be read: the app then shows a site's pages). */
  info: SystemInfo | null;
  load(): Promise<void>;
  reset(): void;
}

/** What this installation is (a site or the hub), read once per sign-in: it never changes while running. */
export function createSystemInfoStore(api: () => Pick<ApiClient, 'call'>) {
  let inflight: Promise<void> | null = null;
  return create<SystemInfoState>()((set, get) => ({
    info: null,
    load() {
      if (get().info) return Promise.resolve();
      inflight ??= api()
        .call('system.info', {})
        .then((info) => set({ info }))
        // Not knowing hides the hub's page only; the next page visit asks again.
        .catch(() => undefined)
        .finally(() => {
          inflight = null;
        });
      return inflight;
    },
    reset: () => set({ info: null }),
  }));
}
