import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../native/sqlite/index.js';
import { MIGRATIONS } from './known-migrations.js';
import { databasePath, migrateDown, migrateUp, openStore, type SiteScope, type Store } from './index.js';
import { eventRow, openPipelineStore } from './test-support/pipeline-test-fixtures.js';

const T = 1_700_000_000_000;
const snap = { kind: 'snapshot' as const, sha256: 'c'.repeat(64), contentType: 'image/jpeg', size: 12 };

/** Every event of the scope, page after page of two, following the cursors. */
function allPages(store: Store, scope: SiteScope): string[] {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page = store.events.list(scope, { limit: 2, ...(cursor ? { cursor } : {}) });
    seen.push(...page.items.map((e) => e.id));
    cursor = page.nextCursor;
  } while (cursor);
  return seen;
}

/** What a user sees of the data: events with their groups and media, lists, search, alerts, devices. */
function view(store: Store, scope: SiteScope, ids: string[], groups: { kept: string; merged: string }) {
  return {
    events: store.events.getMany(scope, ids),
    byGroup: store.events.list(scope, { groupId: groups.kept, limit: 10 }).items.map((e) => e.id),
    pages: allPages(store, scope),
    found: store.search.events(scope, { text: 'quarantine', limit: 10 }).map((h) => h.id),
    groupsFound: store.search.groups(scope, { text: 'door', limit: 10, device: 'door-1' }).map((h) => h.id),
    group: store.groups.get(scope, groups.kept, T + 5_000),
    merged: store.groups.get(scope, groups.merged)?.mergedInto,
    templates: store.templates.listForGroup(scope, groups.kept).map((t) => t.templateId),
    alerts: store.alerts.list(scope, { limit: 10 }).items.map((a) => [a.id, a.groupId]),
    devices: store.devices.list(scope).map((d) => [d.device, d.lastEventId, d.events]),
  };
}

describe('migration 011 (integer keys for events)', () => {
  let ctx: Awaited<ReturnType<typeof openPipelineStore>> | undefined;
  let reopened: Store | undefined;
  afterEach(() => {
    reopened?.close();
    ctx?.close();
  });

  it('goes down to text keys and up again with events, media, merged groups and alerts intact', async () => {
    ctx = await openPipelineStore();
    const { store, a } = ctx;
    const dataDir = store.path.replace(/\/[^/]+$/, '');
    const sourceId = store.sources.create(a, { kind: 'webhook', name: 'hook', config: {}, enabled: true }).id;
    const door = store.groups.create(a, { key: 'k1', template: 'door <*> opened', at: T });
    const other = store.groups.create(a, { key: 'k2', template: 'door <*> forced', at: T });
    const stored = store.events.insertBatch(a, [
      eventRow({ sourceId, ...ids(door), time: T, device: 'door-1', message: 'door 1 opened' }),
      eventRow({ sourceId, ...ids(other), time: T + 1_000, device: 'door-1', message: 'door 1 forced' }),
      eventRow({ sourceId, ...ids(door), time: T + 2_000, externalId: 'f-1', kind: 'detection', media: [snap] }),
      eventRow({ sourceId, ...ids(door), time: T + 3_000, message: 'recording moved to quarantine' }),
    ]);
    store.groups.merge(a, door.group.id, [other.group.id]);
    store.alerts.openOrTouch(a, {
      ruleId: 'rule-1',
      dedupeKey: `group:${door.group.id}`,
      title: 'Door opened',
      detail: `event ${stored.ids[0]}`,
      severity: 'warning',
      groupId: door.group.id,
      at: T,
    });
    store.events.acknowledge(a, [stored.ids[1]!], 'operator');
    const groups = { kept: door.group.id, merged: other.group.id };
    const before = view(store, a, stored.ids, groups);
    expect(before.events[2]!.media).toMatchObject([{ sha256: snap.sha256, id: expect.any(String) }]);
    expect(before.found).toEqual([stored.ids[3]]);
    expect(before.byGroup).toEqual([...stored.ids].reverse());
    expect(before.pages).toEqual([...stored.ids].reverse());
    expect(before.groupsFound).toEqual([door.group.id]);
    expect(before.merged).toBe(door.group.id);
    expect(before.templates).toHaveLength(2);
    expect(before.alerts).toEqual([[expect.any(String), door.group.id]]);
    expect(before.devices).toEqual([['door-1', stored.ids[1], 2]]);
    expect(before.events[1]!.acknowledgedBy).toBe('operator');
    store.close();

    // Down to 010: 011 and every migration after it undone.
    await migrateDown(dataDir, { steps: MIGRATIONS.length - 10 });
    const raw = openDatabase(databasePath(dataDir), { readonly: true });
    try {
      const rows = raw
        .prepare<[], { id: string; groupId: string; templateId: string }>(
          'SELECT id, group_id AS groupId, template_id AS templateId FROM events ORDER BY seq',
        )
        .all();
      expect(rows).toEqual([
        { id: stored.ids[0], groupId: door.group.id, templateId: door.template.templateId },
        { id: stored.ids[1], groupId: door.group.id, templateId: other.template.templateId },
        { id: stored.ids[2], groupId: door.group.id, templateId: door.template.templateId },
        { id: stored.ids[3], groupId: door.group.id, templateId: door.template.templateId },
      ]);
    } finally {
      raw.close();
    }

    await migrateUp(dataDir);
    reopened = await openStore({ dataDir });
    expect(view(reopened, a, stored.ids, groups)).toEqual(before);
    // Writing after the round trip: the same external id still updates in place, new rows are searchable.
    const again = reopened.events.insertBatch(a, [
      eventRow({ sourceId, ...ids(door), externalId: 'f-1', message: 'person left' }),
      eventRow({ sourceId, ...ids(door), time: T + 9_000, message: 'second quarantine' }),
    ]);
    expect(again.ids[0]).toBe(stored.ids[2]);
    expect(again.created).toEqual([false, true]);
    expect(reopened.search.events(a, { text: 'quarantine', limit: 10 }).map((h) => h.id)).toEqual(
      expect.arrayContaining([stored.ids[3], again.ids[1]]),
    );
  });
});

function ids(created: { group: { id: string }; template: { templateId: string } }) {
  return { groupId: created.group.id, templateId: created.template.templateId };
}
