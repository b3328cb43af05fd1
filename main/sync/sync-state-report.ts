import type { SyncSiteState, SyncStatus } from '../contract/index.js';

/** How long an unchanged state may go unannounced: Home's "last sync" stays roughly current. */
const REPEAT_AFTER_MS = 60_000;

/** A site's sync status as Home reads it from the bus (topic `sync.state`). */
export function syncSiteState(status: SyncStatus, at: number): SyncSiteState {
  const state: SyncSiteState['state'] =
    status.state === 'synced'
      ? 'ok'
      : status.state === 'sending' || status.state === 'pending'
        ? 'pending'
        : status.state === 'offline'
          ? 'offline'
          : status.state === 'refused'
            ? 'failing'
            : 'not-enrolled';
  const times = [status.lastPushAt, status.lastPullAt].filter((t): t is number => t !== null);
  return {
    siteId: status.siteId,
    state,
    pendingRecords: status.outbox.records,
    lastSyncAt: times.length > 0 ? Math.max(...times) : null,
    error: status.lastError,
    at,
  };
}

/**
 * Announces a site's sync state after each exchange, but only when something a person sees changed
 * (state, error, whether records wait) or a minute has passed: prompt pushes run several times a
 * second under load, and every subscriber would hear each one.
 */
export function createSyncStateReporter(publish: (tenantId: string, state: SyncSiteState) => void) {
  const last = new Map<string, { key: string; at: number }>();
  return (tenantId: string, state: SyncSiteState): void => {
    const key = `${state.state}|${state.error ?? ''}|${state.pendingRecords > 0}`;
    const before = last.get(state.siteId);
    if (before && before.key === key && state.at - before.at < REPEAT_AFTER_MS) return;
    last.set(state.siteId, { key, at: state.at });
    publish(tenantId, state);
  };
}
