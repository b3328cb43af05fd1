import { useCallback, useEffect, useState } from 'react';
import type { ReleaseSummary } from '../../../../main/contract/index.js';
import { describeError } from '../../../api/api-error.js';
import { api } from '../../../state/app-state.js';

export interface ReleasesView {
  status: 'loading' | 'ready' | 'error';
  releases: ReleaseSummary[];
  error: string | null;
  reload: () => Promise<void>;
}

/** A site's releases, newest first, kept current by `releases.changed` (someone else may publish). */
export function useReleases(siteId: string): ReleasesView {
  const [state, setState] = useState<Omit<ReleasesView, 'reload'>>({ status: 'loading', releases: [], error: null });

  const fetchList = useCallback(
    async (isCurrent: () => boolean = () => true) => {
      try {
        const { releases } = await api.call('releases.list', { siteId });
        if (isCurrent()) setState({ status: 'ready', releases, error: null });
      } catch (err) {
        // A failed refresh keeps the list on screen; only a first load shows the error instead.
        if (isCurrent()) {
          setState((s) =>
            s.status === 'ready'
              ? { ...s, error: describeError(err) }
              : { status: 'error', releases: [], error: describeError(err) },
          );
        }
      }
    },
    [siteId],
  );

  useEffect(() => {
    // The Map page remounts this per site, so the first answer always lands on a loading state.
    let current = true;
    void fetchList(() => current);
    const off = api.subscribe('releases.changed', (m) => {
      if (m.siteId === siteId) void fetchList(() => current);
    });
    return () => {
      current = false;
      off();
    };
  }, [siteId, fetchList]);

  return { ...state, reload: () => fetchList() };
}
