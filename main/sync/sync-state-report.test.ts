import { describe, expect, it } from 'vitest';
import type { SyncSiteState, SyncStatus } from '../contract/index.js';
import { createSyncStateReporter, syncSiteState } from './sync-state-report.js';

const status = (over: Partial<SyncStatus>): SyncStatus =>
  ({
    siteId: '01JABCDEFGHJKMNPQRSTVWXYZ0',
    state: 'synced',
    outbox: { records: 0, oldestAt: null, ratePerSecond: null, etaSeconds: null },
    lastPushAt: 1_000,
    lastPullAt: 2_000,
    lastError: null,
    ...over,
  }) as SyncStatus;

describe('the sync state Home hears', () => {
  it('says ok, pending, offline, failing or not enrolled, with the last exchange', () => {
    expect(syncSiteState(status({}), 5)).toMatchObject({ state: 'ok', lastSyncAt: 2_000, pendingRecords: 0, at: 5 });
    expect(
      syncSiteState(status({ state: 'sending', outbox: { records: 12 } as SyncStatus['outbox'] }), 5),
    ).toMatchObject({
      state: 'pending',
      pendingRecords: 12,
    });
    expect(syncSiteState(status({ state: 'offline', lastError: 'The hub cannot be reached' }), 5)).toMatchObject({
      state: 'offline',
      error: 'The hub cannot be reached',
    });
    expect(syncSiteState(status({ state: 'refused' }), 5).state).toBe('failing');
    expect(syncSiteState(status({ state: 'not-enrolled', lastPushAt: null, lastPullAt: null }), 5)).toMatchObject({
      state: 'not-enrolled',
      lastSyncAt: null,
    });
  });

  it('is announced when it changes or a minute has passed, not after every exchange', () => {
    const heard: SyncSiteState[] = [];
    const report = createSyncStateReporter((_tenant, s) => heard.push(s));
    const at = (t: number, over: Partial<SyncStatus> = {}) => report('t', syncSiteState(status(over), t));
    at(0);
    at(200);
    at(400, { state: 'sending', outbox: { records: 3 } as SyncStatus['outbox'] });
    at(600, { state: 'sending', outbox: { records: 9 } as SyncStatus['outbox'] });
    at(800);
    at(30_000);
    at(61_000);
    expect(heard.map((s) => [s.at, s.state])).toEqual([
      [0, 'ok'],
      [400, 'pending'],
      [800, 'ok'],
      [61_000, 'ok'],
    ]);
  });
});
