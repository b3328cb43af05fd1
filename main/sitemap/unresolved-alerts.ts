import type { Alert } from '../contract/index.js';
import type { AlertsRepository, SiteScope } from '../store/index.js';

/** Pages of this many alerts; a site with more unresolved alerts than MAX_UNRESOLVED shows the newest. */
const PAGE = 500;
const MAX_UNRESOLVED = 10_000;

/**
 * The site's unresolved alerts (open or acknowledged: acknowledging says someone is on it, not that
 * it is over), most recently seen first; only those of `device` when given.
 */
export function listUnresolvedAlerts(
  alerts: Pick<AlertsRepository, 'list'>,
  scope: SiteScope,
  device?: string,
): Alert[] {
  const found: Alert[] = [];
  for (const state of ['open', 'acknowledged'] as const) {
    let cursor: string | undefined;
    let read = 0;
    do {
      const page = alerts.list(scope, { state, siteId: scope.siteId, limit: PAGE, ...(cursor ? { cursor } : {}) });
      read += page.items.length;
      for (const alert of page.items) if (device === undefined || alert.device === device) found.push(alert);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined && read < MAX_UNRESOLVED);
  }
  return found.sort((a, b) => b.lastSeenAt - a.lastSeenAt || (a.id < b.id ? 1 : -1));
}
