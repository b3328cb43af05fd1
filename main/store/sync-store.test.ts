import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutpostError } from '../contract/index.js';
import { openDatabase } from '../../native/sqlite/index.js';
import { eventRow, openPipelineStore } from './test-support/pipeline-test-fixtures.js';
import { mirrorId, SYNC_TRIGGERS, type OutboxRow, type SiteScope, type Store } from './index.js';

const T = 1_700_000_000_000;
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

describe('sync in the store', () => {
  let ctx: Awaited<ReturnType<typeof openPipelineStore>>;
  let store: Store;
  let a: SiteScope;
  let b: SiteScope;

  beforeEach(async () => {
    ctx = await openPipelineStore();
    ({ store, a, b } = ctx);
  });
  afterEach(() => ctx?.close());

  const entries = (scope: SiteScope): OutboxRow[] => store.syncSite.entries(scope.siteId, 1, 1000);
  const records = (scope: SiteScope, entry: OutboxRow) => {
    const out: unknown[] = [];
    let after: string | null = null;
    for (;;) {
      const page = store.syncSite.items(scope, entry, after, 2);
      for (const item of page.items) out.push(...item.records);
      if (page.done || page.items.length === 0) return out;
      after = page.items.at(-1)!.key;
    }
  };
  const enrol = (scope: SiteScope) =>
    store.syncSite.enrol(scope, { hubUrl: 'http://hub.example', sealedCode: 'x', at: T });
  const seed = (scope: SiteScope, key = 'k1') => {
    const sourceId = store.sources.create(scope, {
      kind: 'webhook',
      name: `hook ${key}`,
      config: {},
      enabled: true,
    }).id;
    const created = store.groups.create(scope, { key, template: `disk full on <*> ${key}`, at: T });
    return { sourceId, groupId: created.group.id, templateId: created.template.templateId };
  };

  it('has every trigger that queues changes (a later migration that rebuilds a table must recreate them)', () => {
    const raw = openDatabase(store.path, { readonly: true });
    try {
      const names = raw.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'trigger'").pluck().all();
      expect(SYNC_TRIGGERS.length).toBeGreaterThan(30);
      expect(names).toEqual(expect.arrayContaining([...SYNC_TRIGGERS]));
    } finally {
      raw.close();
    }
  });

  it('queues nothing for a site that is not enrolled', () => {
    const s = seed(a);
    store.events.insertBatch(a, [eventRow(s)]);
    store.audit.write(a, {
      actorUserId: null,
      actorEmail: 'x',
      action: 'a',
      targetId: null,
      detail: '{}',
      outcome: 'ok',
      transport: 'cli',
      address: 'cli',
    });
    expect(entries(a)).toEqual([]);
  });

  it('queues a snapshot at enrolment, then one entry per event batch and per other change, in the same transaction', () => {
    const s = seed(a);
    store.events.insertBatch(a, [eventRow({ ...s, message: 'before enrolment' })]);
    enrol(a);
    const snapshot = entries(a);
    expect(snapshot.map((e) => [e.kind, e.ref])).toEqual([
      ['snapshot', 'groups'],
      ['snapshot', 'events'],
      ['snapshot', 'media'],
      ['snapshot', 'alerts'],
      ['snapshot', 'audit'],
      ['snapshot', 'docs'],
    ]);
    expect(records(a, snapshot[1]!).filter((r) => (r as { type: string }).type === 'event')).toHaveLength(1);
    expect(records(a, snapshot[5]!)).toEqual([
      expect.objectContaining({ type: 'doc', kind: 'source', docId: s.sourceId, baseVersion: 0 }),
    ]);

    const batch = store.events.insertBatch(a, [
      eventRow({ ...s, message: 'one' }),
      eventRow({ ...s, message: 'two', device: 'cam' }),
    ]);
    const [eventsEntry] = entries(a).slice(snapshot.length);
    expect(eventsEntry).toMatchObject({ kind: 'events', ref: batch.ids[0], refTo: batch.ids[1], records: 2 });
    const sent = records(a, eventsEntry!) as { type: string; id: string; count?: number }[];
    expect(sent.map((r) => r.type)).toEqual(['group', 'event', 'event']); // the group once per page
    expect(sent.filter((r) => r.type === 'event').map((r) => r.id)).toEqual(batch.ids);
    expect(sent[0]).toMatchObject({ type: 'group', id: s.groupId, count: 3 });

    const before = entries(a).length;
    store.events.acknowledge(a, [batch.ids[0]!], 'ann@example.com');
    const { alert } = store.alerts.openOrTouch(a, {
      ruleId: 'r',
      dedupeKey: 'k',
      title: 'Disk',
      detail: '',
      severity: 'warning',
    });
    store.alerts.acknowledge(a, alert.id, 'ann@example.com');
    expect(
      entries(a)
        .slice(before)
        .map((e) => [e.kind, e.ref]),
    ).toEqual([
      ['event', batch.ids[0]],
      ['alert', alert.id],
      ['alert', alert.id],
    ]);
  });

  it('writes nothing to the outbox for what sync itself applies', () => {
    enrol(a);
    const before = entries(a).length;
    store.syncGuarded(() => {
      store.sources.create(a, { kind: 'webhook', name: 'from the hub', config: {}, enabled: true });
    });
    expect(entries(a)).toHaveLength(before);
    store.sources.create(a, { kind: 'webhook', name: 'made here', config: {}, enabled: true });
    expect(
      entries(a)
        .slice(before)
        .map((e) => e.kind),
    ).toEqual(['doc']);
  });

  it('refuses to publish a release on an enrolled site, saying where to publish', () => {
    enrol(a);
    let thrown: unknown;
    try {
      store.releases.publish(a, {
        env: 'production',
        note: '',
        publishedBy: 'u',
        publishedAt: T,
        overlays: 0,
        assets: [],
        build: () => ({ json: '{}', sha256: sha('{}') }),
      });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(OutpostError);
    expect((thrown as OutpostError).code).toBe('conflict');
    expect((thrown as OutpostError).message).toMatch(/publish on the hub/);
  });

  it('keeps the hub copies of a site’s records idempotent, under derived ids', () => {
    const s = seed(a);
    enrol(a);
    store.events.insertBatch(a, [
      eventRow({ ...s, time: T, device: 'cam-1' }),
      eventRow({ ...s, time: T + 60_000, device: 'cam-1' }),
    ]);
    const sent = entries(a).flatMap((e) => records(a, e)) as { type: string }[];
    const hub = b; // tenant B's default site plays the hub's copy of A's site
    const apply = () =>
      store.syncGuarded(() => {
        for (const r of sent as Record<string, unknown>[]) {
          if (r.type === 'event') store.syncApply.event(hub, r, T + 999);
          if (r.type === 'group') store.syncApply.group(hub, r, T);
        }
      });
    apply();
    apply();
    const listed = store.events.list(hub, { siteId: hub.siteId, limit: 10 });
    expect(listed.items).toHaveLength(2);
    expect(listed.items.map((e) => e.receivedAt)).toEqual([T + 999, T + 999]);
    const groupId = mirrorId(hub.siteId, s.groupId);
    const minute = Math.floor(T / 60_000);
    expect(store.counts.series(hub, groupId, minute, minute + 1)).toEqual([1, 1]);
    expect(store.devices.list(hub).map((d) => [d.device, d.events])).toEqual([['cam-1', 2]]);
    expect(mirrorId(hub.siteId, s.groupId)).not.toBe(mirrorId(a.siteId, s.groupId));
  });

  it('merges alert states forward: the hub’s first acknowledgement stays, the site’s is kept beside it', () => {
    const hub = b;
    const alert = {
      type: 'alert',
      id: '01J00000000000000000000ALR',
      ruleId: 'r',
      dedupeKey: 'k',
      state: 'open',
      title: 'Door',
      detail: '',
      severity: 'critical',
      groupId: null,
      device: null,
      occurrences: 1,
      openedAt: T,
      lastSeenAt: T,
      acknowledgedAt: null,
      acknowledgedBy: null,
      resolvedAt: null,
      resolvedBy: null,
      note: null,
    };
    expect(store.syncGuarded(() => store.syncApply.alert(hub, alert, T))).toBe(false);
    const copy = mirrorId(hub.siteId, alert.id);
    store.alerts.acknowledge(hub, copy, 'hub-admin@example.com', T + 10);
    const differs = store.syncGuarded(() =>
      store.syncApply.alert(
        hub,
        { ...alert, state: 'acknowledged', acknowledgedBy: 'tech@site', acknowledgedAt: T + 20, occurrences: 3 },
        T,
      ),
    );
    expect(differs).toBe(true);
    expect(store.alerts.get(hub, copy)).toMatchObject({
      state: 'acknowledged',
      acknowledgedBy: 'hub-admin@example.com',
      occurrences: 3,
    });
  });

  it('reads and writes documents as bodies under each side’s own ids', () => {
    const source = store.sources.create(a, {
      kind: 'mqtt',
      name: 'Broker',
      config: { url: 'mqtt://x', topics: ['a'] },
      enabled: true,
    });
    store.alertRules.create(a, {
      type: 'severity',
      name: 'Errors',
      atLeast: 'error',
      severity: 'warning',
      enabled: true,
      siteId: a.siteId,
    });
    store.sitemap.applyOverlayChanges(a, {
      upserts: [{ externalId: 'door-1', shapeId: null, label: 'Door 1', binding: { type: 'device', device: 'd1' } }],
      deletes: [],
    });
    const rules = store.alertRules.list(a);
    const bodies = {
      source: store.syncDocs.read(a, 'source', source.id),
      alertRule: store.syncDocs.read(a, 'alertRule', rules[0]!.id),
      sitemapDraft: store.syncDocs.read(a, 'sitemapDraft', 'draft'),
    };
    expect(bodies.sitemapDraft).toEqual({
      basemap: null,
      overlay: null,
      overlays: { 'door-1': { shapeId: null, label: 'Door 1', binding: { type: 'device', device: 'd1' } } },
    });
    // Another site (here: tenant B's) takes the same bodies under its own ids (in one file here, so a new rule id).
    const copyId = '01J0000000000000000000RULE';
    store.syncGuarded(() => {
      store.syncDocs.write(b, 'alertRule', copyId, bodies.alertRule, T);
      store.syncDocs.write(b, 'sitemapDraft', 'draft', bodies.sitemapDraft, T);
    });
    expect(store.syncDocs.read(b, 'alertRule', copyId)).toEqual(bodies.alertRule);
    expect(() => store.syncDocs.write(b, 'alertRule', rules[0]!.id, bodies.alertRule, T)).toThrow(/another site/);
    expect(store.syncDocs.read(b, 'sitemapDraft', 'draft')).toEqual(bodies.sitemapDraft);
    // A source id of another site is never taken over.
    expect(() => store.syncDocs.write(b, 'source', source.id, bodies.source, T)).toThrow(/another site/);
  });
});
