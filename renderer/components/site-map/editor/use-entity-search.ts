import { useEffect, useState } from 'react';
import type { BindingType, Entity } from '../../../../main/contract/index.js';
import { describeError } from '../../../api/api-error.js';
import { api } from '../../../state/app-state.js';

export const SEARCH_DEBOUNCE_MS = 250;
export const SEARCH_LIMIT = 20;

export interface EntitySearch {
  status: 'idle' | 'loading' | 'ready' | 'error';
  results: Entity[];
  error: string | null;
}

/**
 * Entities of one type matching what the user typed, asked once they pause typing. Only the
 * answer to the latest query is kept: a slow answer to an older one never replaces it.
 */
export function useEntitySearch(siteId: string, type: BindingType, query: string, enabled: boolean): EntitySearch {
  const [search, setSearch] = useState<EntitySearch>({ status: 'idle', results: [], error: null });

  useEffect(() => {
    if (!enabled) return;
    let current = true;
    const timer = setTimeout(() => {
      setSearch((s) => ({ ...s, status: 'loading', error: null }));
      api
        .call('sitemap.entities', { siteId, query: query.trim(), type, limit: SEARCH_LIMIT })
        .then(({ entities }) => {
          if (current) setSearch({ status: 'ready', results: entities, error: null });
        })
        .catch((err: unknown) => {
          if (current) setSearch({ status: 'error', results: [], error: describeError(err) });
        });
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [siteId, type, query, enabled]);

  return search;
}
