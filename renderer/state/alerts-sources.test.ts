import { describe, expect, it } from 'vitest';
import type { Alert, Source } from '../../main/contract/index.js';
import { applyAlertChange, createAlertsStore } from './alerts.js';
import { createSourcesStore } from './sources.js';
import { fakeApi } from './test-fixtures.js';

function alert(id: string, state: Alert['state'], lastSeenAt: number): Alert {
  return {
    id,
    siteId: 'S',
    ruleId: 'R',
    dedupeKey: id,
    state,
    title: `Alert ${id}`,
    detail: '',
    severity: 'warning',
    groupId: null,
    device: null,
    occurrences: 1,
    openedAt: 0,
    lastSeenAt,
    acknowledgedAt: null,
    acknowledgedBy: null,
    resolvedAt: null,
    resolvedBy: null,
    note: null,
  };
}

describe('alerts', () => {
  it('moves a changed alert off the tab it left', () => {
    const items = [alert('A', 'open', 2), alert('B', 'open', 1)];
    expect(applyAlertChange(items, alert('A', 'acknowledged', 2), 'open').map((a) => a.id)).toEqual(['B']);
    expect(applyAlertChange(items, alert('B', 'open', 3), 'open').map((a) => a.id)).toEqual(['B', 'A']);
  });

  it('resolves with a trimmed note, or without one', async () => {
    const { api, raw } = fakeApi({
      'alerts.list': async () => ({ items: [alert('A', 'open', 1)], nextCursor: null }),
      'alerts.resolve': async (input: { id: string }) => alert(input.id, 'resolved', 1),
    });
    const store = createAlertsStore(() => api);
    await store.getState().load('open');
    await store.getState().resolve('A', '  rebooted  ');
    expect(raw.call).toHaveBeenLastCalledWith('alerts.resolve', { id: 'A', note: 'rebooted' });
    expect(store.getState().items).toEqual([]);
    await store.getState().resolve('A', '   ');
    expect(raw.call).toHaveBeenLastCalledWith('alerts.resolve', { id: 'A' });
  });
});

describe('sources', () => {
  it('never keeps a webhook token in the shared store', async () => {
    const source = { id: 'W', name: 'Door cams', kind: 'webhook' } as Source;
    const { api } = fakeApi({
      'sources.list': async () => ({ items: [] }),
      'sources.create': async () => ({ ...source, token: 'SECRET' }),
    });
    const store = createSourcesStore(() => api);
    await store.getState().load();
    const created = await store.getState().create({ kind: 'webhook', name: 'Door cams', config: {}, enabled: true });
    expect(created.token).toBe('SECRET');
    expect(JSON.stringify(store.getState().items)).not.toContain('SECRET');
    expect(store.getState().items).toHaveLength(1);
  });

  it('update sends the edit and puts the answer in place, re-sorted by name', async () => {
    const a = { id: 'A', name: 'Alpha', kind: 'mqtt' } as Source;
    const b = { id: 'B', name: 'Bravo', kind: 'syslog' } as Source;
    const { api, raw } = fakeApi({
      'sources.list': async () => ({ items: [a, b] }),
      'sources.update': async () => ({ ...a, name: 'Zulu' }),
    });
    const store = createSourcesStore(() => api);
    await store.getState().load();
    await store.getState().update({ id: 'A', name: 'Zulu' });
    expect(raw.call).toHaveBeenLastCalledWith('sources.update', { id: 'A', name: 'Zulu' });
    expect(store.getState().items.map((s) => s.name)).toEqual(['Bravo', 'Zulu']);
  });
});

describe('alerts of one site (the Dashboard’s ?site=)', () => {
  it('asks for that site’s alerts, keeps asking for them on refresh, and forgets the site on sign-out', async () => {
    const { api, raw } = fakeApi({ 'alerts.list': async () => ({ items: [], nextCursor: null }) });
    const store = createAlertsStore(() => api);
    await store.getState().showSite('01J0000000000000000000000S');
    expect(raw.call).toHaveBeenLastCalledWith('alerts.list', {
      state: 'open',
      limit: 200,
      siteId: '01J0000000000000000000000S',
    });
    await store.getState().refresh();
    expect(raw.call).toHaveBeenLastCalledWith(
      'alerts.list',
      expect.objectContaining({ siteId: '01J0000000000000000000000S' }),
    );
    await store.getState().showSite(null);
    expect(raw.call).toHaveBeenLastCalledWith('alerts.list', { state: 'open', limit: 200 });
    await store.getState().showSite('01J0000000000000000000000S');
    store.getState().reset();
    expect(store.getState().siteId).toBeNull();
  });
});
