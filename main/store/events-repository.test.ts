import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventRow, openPipelineStore } from './test-support/pipeline-test-fixtures.js';
import type { SiteScope, Store } from './index.js';

describe('events repository', () => {
  let ctx: Awaited<ReturnType<typeof openPipelineStore>>;
  let store: Store;
  let a: SiteScope;
  let b: SiteScope;
  let sourceId: string;
  let groupId: string;
  let templateId: string;
  const T = 1_700_000_000_000;

  beforeEach(async () => {
    ctx = await openPipelineStore();
    ({ store, a, b } = ctx);
    sourceId = store.sources.create(a, { kind: 'webhook', name: 'hook', config: {}, enabled: true }).id;
    const created = store.groups.create(a, { key: 'k1', template: 'disk full on <*>', at: T });
    groupId = created.group.id;
    templateId = created.template.templateId;
  });
  afterEach(() => ctx?.close());

  const row = (fields: Parameters<typeof eventRow>[0] extends infer F ? Partial<F> : never) =>
    eventRow({ sourceId, groupId, templateId, ...fields });

  it('stores a batch and counts it in the group, the minute counts and the device', () => {
    const { ids, created } = store.events.insertBatch(a, [
      row({ time: T, device: 'cam-1', severity: 'warning' }),
      row({ time: T + 30_000, device: 'cam-1' }),
      row({ time: T + 61_000, device: 'cam-2', severity: 'error' }),
    ]);
    expect(created).toEqual([true, true, true]);
    const group = store.groups.get(a, groupId, T + 61_000);
    expect(group).toMatchObject({ count: 3, firstSeen: T, lastSeen: T + 61_000, severity: 'error' });
    expect(group?.sparkline.slice(-2)).toEqual([2, 1]);
    expect(store.devices.list(a).map((d) => [d.device, d.events, d.lastEventId])).toEqual([
      ['cam-1', 2, ids[1]],
      ['cam-2', 1, ids[2]],
    ]);
    expect(store.events.get(a, ids[0] as string)).toMatchObject({ groupId, severity: 'warning', device: 'cam-1' });
  });

  it('sums a batch per group, minute and device, whatever the order of its rows, and indexes every row for search', () => {
    const second = store.groups.create(a, { key: 'k2', template: 'door <*> forced', at: T });
    const other = { groupId: second.group.id, templateId: second.template.templateId };
    const { ids } = store.events.insertBatch(a, [
      row({ time: T + 5_000, device: 'cam-1', message: 'disk full on /srv', attributes: { volume: 'srv' } }),
      row({ time: T + 1_000, device: 'cam-1', severity: 'critical' }),
      row({ ...other, time: T + 70_000, device: 'door-3', message: 'door 3 forced' }),
      row({ time: T + 5_000, device: 'cam-1' }),
      row({ ...other, time: T + 2_000, device: 'cam-1', message: 'door 9 forced' }),
    ]);
    store.events.insertBatch(a, [row({ time: T, device: 'cam-1' })]);
    expect(store.groups.get(a, groupId, T + 5_000)).toMatchObject({
      count: 4,
      firstSeen: T,
      lastSeen: T + 5_000,
      severity: 'critical',
    });
    expect(store.groups.get(a, other.groupId, T + 70_000)).toMatchObject({ count: 2, lastSeen: T + 70_000 });
    const minute = Math.floor(T / 60_000);
    expect(store.counts.series(a, groupId, minute, minute + 1)).toEqual([4, 0]);
    expect(store.counts.series(a, other.groupId, minute, minute + 1)).toEqual([1, 1]);
    // Equal times: the later row of the batch is the device's last event; an older batch does not replace it.
    expect(store.devices.list(a).map((d) => [d.device, d.events, d.lastEventId])).toEqual([
      ['cam-1', 5, ids[3]],
      ['door-3', 1, ids[2]],
    ]);
    expect(store.events.get(a, ids[0] as string)?.attributes).toEqual({ volume: 'srv' });
    expect(
      store.search
        .events(a, { text: 'forced', limit: 10 })
        .map((h) => h.id)
        .sort(),
    ).toEqual([ids[2], ids[4]].sort());
    expect(store.search.events(a, { text: 'srv', limit: 10 }).map((h) => h.id)).toEqual([ids[0]]);
  });

  it('updates an event in place when its externalId comes again, without counting it twice', () => {
    const snap = { kind: 'snapshot' as const, sha256: 'a'.repeat(64), contentType: 'image/jpeg', size: 10 };
    const clip = { kind: 'clip' as const, sha256: 'b'.repeat(64), contentType: 'video/mp4', size: 99 };
    const first = store.events.insertBatch(a, [row({ externalId: 'frigate-1', label: 'person', media: [snap] })]);
    const again = store.events.insertBatch(a, [
      row({ externalId: 'frigate-1', message: 'person left', media: [clip] }),
    ]);
    expect(again.ids).toEqual(first.ids);
    expect(again.created).toEqual([false]);
    expect(store.events.get(a, first.ids[0] as string)).toMatchObject({
      message: 'person left',
      label: 'person',
      media: [snap, clip],
    });
    expect(store.groups.get(a, groupId)?.count).toBe(1);
  });

  it('refuses the whole batch when a row names a group that does not exist', () => {
    expect(() => store.events.insertBatch(a, [row({}), row({ groupId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' })])).toThrow(
      /does not exist/,
    );
    expect(store.events.list(a, { limit: 10 }).items).toEqual([]);
  });

  it('lists newest first with filters and a keyset cursor that walks every page once', () => {
    const rows = Array.from({ length: 7 }, (_, i) =>
      row({ time: T + (i % 3) * 1000, severity: i % 2 ? 'error' : 'info', device: `cam-${i % 2}` }),
    );
    const { ids } = store.events.insertBatch(a, rows);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = store.events.list(a, { limit: 3, cursor });
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(new Set(seen).size).toBe(7);
    expect([...seen].sort()).toEqual([...ids].sort());
    const times = store.events.list(a, { limit: 10 }).items.map((e) => e.time);
    expect(times).toEqual([...times].sort((x, y) => y - x));
    const errors = store.events.list(a, { limit: 10, severity: 'warning', device: 'cam-1' }).items;
    expect(errors).toHaveLength(3);
    expect(() => store.events.list(a, { limit: 3, cursor: 'nonsense' })).toThrow(/cursor/);
    // A cursor naming its row by id (as before events had a seq) is refused, not misread.
    const byId = Buffer.from(JSON.stringify([T, ids[0]])).toString('base64url');
    expect(() => store.events.list(a, { limit: 3, cursor: byId })).toThrow(/cursor/);
  });

  it('acknowledges once, keeping who and when, and filters by acknowledged', () => {
    const { ids } = store.events.insertBatch(a, [row({}), row({})]);
    expect(store.events.acknowledge(a, [ids[0] as string], 'op@a.example', T)).toBe(1);
    expect(store.events.acknowledge(a, ids, 'other@a.example', T + 5)).toBe(1);
    expect(store.events.get(a, ids[0] as string)).toMatchObject({ acknowledgedAt: T, acknowledgedBy: 'op@a.example' });
    expect(store.events.list(a, { limit: 10, acknowledged: false }).items).toEqual([]);
  });

  it("never shows or acknowledges another tenant's events", () => {
    const { ids } = store.events.insertBatch(a, [row({})]);
    expect(store.events.get(b, ids[0] as string)).toBeUndefined();
    expect(store.events.list(b, { limit: 10 }).items).toEqual([]);
    expect(store.events.acknowledge(b, ids, 'x', T)).toBe(0);
  });
});
