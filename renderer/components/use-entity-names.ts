import { useEffect } from 'react';
import { useSites, useSources } from '../state/app-state.js';

export interface EntityNames {
  site(id: string): string;
  source(id: string): string;
}

/**
 * Names for the ids a page shows (sites, sources): people read "Gate cameras", not a ULID. Loads
 * each list once if nobody has; an id not (yet) known reads as "a removed site/source" once the
 * lists are in, and "…" while they load.
 */
export function useEntityNames(): EntityNames {
  const sites = useSites((s) => s.sites);
  const sitesStatus = useSites((s) => s.status);
  const sources = useSources((s) => s.items);
  const sourcesStatus = useSources((s) => s.status);
  useEffect(() => {
    if (useSites.getState().status === 'idle') void useSites.getState().load();
    if (useSources.getState().status === 'idle') void useSources.getState().load();
  }, []);
  return {
    site: (id) => sites.find((s) => s.id === id)?.name ?? (sitesStatus === 'ready' ? 'A removed site' : '…'),
    source: (id) => sources.find((s) => s.id === id)?.name ?? (sourcesStatus === 'ready' ? 'A removed source' : '…'),
  };
}
