import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPipelineStore } from './test-support/pipeline-test-fixtures.js';
import type { SiteScope, Store } from './index.js';

describe('alerts, alert rules, sources, checkpoints and miner state', () => {
  let ctx: Awaited<ReturnType<typeof openPipelineStore>>;
  let store: Store;
  let a: SiteScope;
  let b: SiteScope;
  let ruleId: string;

  beforeEach(async () => {
    ctx = await openPipelineStore();
    ({ store, a, b } = ctx);
    ruleId = store.alertRules.create(a, {
      name: 'Gate silent',
      type: 'device-silent',
      device: 'gate',
      minutes: 15,
      severity: 'critical',
      enabled: true,
      siteId: a.siteId,
    }).id;
  });
  afterEach(() => ctx?.close());

  const candidate = (at: number) => ({
    ruleId,
    dedupeKey: 'silent:gate',
    title: 'Gate is silent',
    detail: 'No event for 15 minutes',
    severity: 'critical' as const,
    device: 'gate',
    at,
  });

  it('dedupes a live alert by key, and opens a new one once it is resolved', () => {
    const first = store.alerts.openOrTouch(a, candidate(1000));
    const again = store.alerts.openOrTouch(a, candidate(2000));
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ created: false, alert: { id: first.alert.id, occurrences: 2, lastSeenAt: 2000 } });

    store.alerts.acknowledge(a, first.alert.id, 'op@a.example', 3000);
    expect(store.alerts.openOrTouch(a, candidate(3500)).alert.occurrences).toBe(3);
    const resolved = store.alerts.resolve(a, first.alert.id, 'tech@a.example', 'cable replaced', 4000);
    expect(resolved).toMatchObject({
      state: 'resolved',
      acknowledgedBy: 'op@a.example',
      acknowledgedAt: 3000,
      resolvedBy: 'tech@a.example',
      resolvedAt: 4000,
      note: 'cable replaced',
    });
    const reopened = store.alerts.openOrTouch(a, candidate(5000));
    expect(reopened.created).toBe(true);
    expect(reopened.alert.id).not.toBe(first.alert.id);
  });

  it('opens and touches a batch of alerts in one transaction, and writes none of them if one fails', () => {
    const results = store.alerts.openOrTouchMany([
      { scope: a, candidate: candidate(1000) },
      { scope: a, candidate: candidate(1500) },
      { scope: a, candidate: { ...candidate(1600), dedupeKey: 'silent:door' } },
    ]);
    expect(results.map((r) => r.created)).toEqual([true, false, true]);
    expect(results[1]!.alert).toMatchObject({ id: results[0]!.alert.id, occurrences: 2, lastSeenAt: 1500 });

    expect(() =>
      store.alerts.openOrTouchMany([
        { scope: a, candidate: candidate(2000) },
        { scope: a, candidate: { ...candidate(2000), dedupeKey: 'silent:fan', severity: 'bogus' as never } },
      ]),
    ).toThrow();
    // The touch before the failing entry was rolled back with it.
    expect(store.alerts.get(a, results[0]!.alert.id)).toMatchObject({ occurrences: 2, lastSeenAt: 1500 });
    expect(store.alerts.findLive(a, 'silent:fan')).toBeUndefined();
  });

  it('refuses transitions the state machine does not have, and hides other tenants', () => {
    const { alert } = store.alerts.openOrTouch(a, candidate(1000));
    expect(() => store.alerts.acknowledge(b, alert.id, 'x')).toThrow(/no alert/);
    store.alerts.resolve(a, alert.id, 'op');
    expect(() => store.alerts.acknowledge(a, alert.id, 'op')).toThrow(/is resolved; only an open alert/);
    expect(() => store.alerts.resolve(a, alert.id, 'op')).toThrow(/already resolved/);
    expect(store.alerts.list(b, { limit: 10 }).items).toEqual([]);
    expect(store.alerts.list(a, { limit: 10, state: 'resolved' }).items.map((x) => x.id)).toEqual([alert.id]);
  });

  it('keeps alert rules with their type fields, replaces and deletes them', () => {
    const rule = store.alertRules.get(a, ruleId);
    expect(rule).toMatchObject({ type: 'device-silent', device: 'gate', minutes: 15, enabled: true });
    const spike = store.alertRules.replace(a, ruleId, {
      name: 'Spikes',
      type: 'spike',
      minScore: 4,
      severity: 'warning',
      enabled: false,
      siteId: null,
    });
    expect(spike).toMatchObject({ type: 'spike', minScore: 4, enabled: false, siteId: null });
    expect(spike).not.toHaveProperty('device');
    expect(store.alertRules.list(b)).toEqual([]);
    expect(() =>
      store.alertRules.create(a, { name: 'x', type: 'new-group', severity: 'info', enabled: true, siteId: b.siteId }),
    ).toThrow(/not in this tenant/);
    expect(store.alertRules.delete(b, ruleId)).toBe(false);
    expect(store.alertRules.delete(a, ruleId)).toBe(true);
  });

  it('finds a webhook source before authentication, and keeps checkpoints per source', () => {
    const hook = store.sources.create(a, {
      kind: 'webhook',
      name: 'Gate hook',
      config: {},
      enabled: true,
      tokenHash: 'ab'.repeat(32),
    });
    const tail = store.sources.create(a, {
      kind: 'logfile',
      name: 'syslog file',
      config: { path: '/var/log/x' },
      enabled: true,
    });
    expect(store.sources.findWebhookSource(hook.id)).toEqual({
      sourceId: hook.id,
      tenantId: a.tenantId,
      siteId: a.siteId,
      enabled: true,
      tokenHash: 'ab'.repeat(32),
    });
    expect(store.sources.findWebhookSource(tail.id)).toBeUndefined();
    expect(() => store.sources.create(a, { kind: 'mqtt', name: 'Gate hook', config: {}, enabled: true })).toThrow(
      /already exists/,
    );
    expect(store.sources.update(a, tail.id, { enabled: false, config: { path: '/var/log/y' } })).toMatchObject({
      enabled: false,
      config: { path: '/var/log/y' },
    });
    expect(store.sources.update(b, tail.id, { name: 'stolen' })).toBeUndefined();

    store.checkpoints.set(a, tail.id, '{"inode":7,"offset":120}');
    store.checkpoints.set(b, tail.id, 'ignored');
    expect(store.checkpoints.get(a, tail.id)).toBe('{"inode":7,"offset":120}');
    expect(store.checkpoints.get(b, tail.id)).toBeUndefined();
    expect(store.sources.delete(a, tail.id)).toBe(true);
    expect(store.checkpoints.get(a, tail.id)).toBeUndefined();
    expect(store.sources.list(a).map((s) => s.name)).toEqual(['Gate hook']);
  });

  it('keeps one miner state per tenant, and one default site per tenant', () => {
    store.minerState.set(a, '{"v":1}');
    store.minerState.set(a, '{"v":2}');
    expect(store.minerState.get(a)).toBe('{"v":2}');
    expect(store.minerState.get(b)).toBeUndefined();
    expect(store.sites.ensureDefault({ tenantId: a.tenantId }).id).toBe(a.siteId);
  });
});
