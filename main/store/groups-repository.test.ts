import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventRow, openPipelineStore } from './test-support/pipeline-test-fixtures.js';
import type { SiteScope, Store } from './index.js';

function unit(values: number[]): Float32Array {
  const norm = Math.hypot(...values);
  return new Float32Array(values.map((v) => v / norm));
}

describe('groups, templates, vectors and keyword search', () => {
  let ctx: Awaited<ReturnType<typeof openPipelineStore>>;
  let store: Store;
  let a: SiteScope;
  let b: SiteScope;
  let sourceId: string;
  const T = 1_700_000_000_000;

  beforeEach(async () => {
    ctx = await openPipelineStore();
    ({ store, a, b } = ctx);
    sourceId = store.sources.create(a, { kind: 'webhook', name: 'hook', config: {}, enabled: true }).id;
  });
  afterEach(() => ctx?.close());

  it('shows a similarity join and reverses it with split, recounting both groups', () => {
    const disk = store.groups.create(a, { key: 'disk', template: 'disk full on <*>', at: T });
    const joined = store.templates.add(a, {
      key: 'disk2',
      template: 'disk is full on <*>',
      groupId: disk.group.id,
      joinedBy: 'similarity',
      similarity: 0.93,
    });
    store.events.insertBatch(a, [
      eventRow({ sourceId, groupId: disk.group.id, templateId: disk.template.templateId, time: T }),
      eventRow({ sourceId, groupId: disk.group.id, templateId: joined.templateId, time: T + 1000, severity: 'error' }),
      eventRow({ sourceId, groupId: disk.group.id, templateId: joined.templateId, time: T + 2000 }),
    ]);
    expect(store.templates.listForGroup(a, disk.group.id).map((t) => [t.joinedBy, t.similarity])).toEqual([
      ['template', null],
      ['similarity', 0.93],
    ]);
    expect(store.groups.get(a, disk.group.id)?.count).toBe(3);

    const split = store.groups.split(a, disk.group.id, joined.templateId);
    expect(split).toMatchObject({ template: 'disk is full on <*>', count: 2, firstSeen: T + 1000, severity: 'error' });
    expect(store.groups.get(a, disk.group.id)).toMatchObject({ count: 1, severity: 'info' });
    expect(store.events.list(a, { limit: 10, groupId: split.id }).items).toHaveLength(2);
    expect(() => store.groups.split(a, split.id, joined.templateId)).toThrow(/only template/);
  });

  it('splits a template by position: the first part stays and founds the group, the others found groups', () => {
    const pumps = store.groups.create(a, { key: 'pump', template: 'pump <*> tripped', at: T });
    const rows = store.events.insertBatch(
      a,
      ['pump P1 tripped', 'pump P2 tripped', 'pump P1 tripped'].map((message, i) =>
        eventRow({ sourceId, groupId: pumps.group.id, templateId: pumps.template.templateId, time: T + i, message }),
      ),
    );
    expect(store.groups.templateEvents(a, pumps.group.id, pumps.template.templateId).map((e) => e.message)).toEqual([
      'pump P1 tripped',
      'pump P2 tripped',
      'pump P1 tripped',
    ]);
    const [first, second, third] = rows.ids;
    const groups = store.groups.splitByParts(a, pumps.group.id, pumps.template.templateId, [
      { key: 'pump/P1', template: 'pump P1 tripped', eventIds: [first!, third!] },
      { key: 'pump/P2', template: 'pump P2 tripped', eventIds: [second!] },
    ]);
    expect(groups.map((g) => [g.template, g.count])).toEqual([
      ['pump P1 tripped', 2],
      ['pump P2 tripped', 1],
    ]);
    expect(groups[0]!.id).toBe(pumps.group.id);
    expect(store.templates.findByKey(a, 'pump/P2')!.groupId).toBe(groups[1]!.id);
    // The split template stays in the group without events; the first part is the founder now.
    expect(store.templates.listForGroup(a, pumps.group.id).map((t) => t.key)).toEqual(['pump', 'pump/P1']);
    expect(store.events.getMany(a, rows.ids).map((e) => e.groupId)).toEqual([
      pumps.group.id,
      groups[1]!.id,
      pumps.group.id,
    ]);
    expect(() => store.groups.templateEvents(a, groups[1]!.id, pumps.template.templateId)).toThrow(/not in group/);
    expect(() => store.groups.templateEvents(b, pumps.group.id, pumps.template.templateId)).toThrow(/no group/);
  });

  it('merges groups: templates, events, counts and minute counts move; the sources leave the list', () => {
    const one = store.groups.create(a, { key: 'one', template: 'fan <*> stopped', at: T });
    const two = store.groups.create(a, { key: 'two', template: 'fan <*> halted', at: T });
    store.events.insertBatch(a, [
      eventRow({ sourceId, groupId: one.group.id, templateId: one.template.templateId, time: T }),
      eventRow({ sourceId, groupId: two.group.id, templateId: two.template.templateId, time: T + 10 }),
    ]);
    const merged = store.groups.merge(a, one.group.id, [two.group.id]);
    expect(merged.count).toBe(2);
    expect(store.groups.get(a, two.group.id)?.mergedInto).toBe(one.group.id);
    expect(store.groups.list(a, { sort: 'lastSeen', limit: 10 }).items.map((g) => g.id)).toEqual([one.group.id]);
    expect(store.counts.series(a, one.group.id, Math.floor(T / 60_000), Math.floor(T / 60_000))).toEqual([2]);
    // The pipeline may still hold the old group id: new events land in the surviving group.
    store.events.insertBatch(a, [eventRow({ sourceId, groupId: two.group.id, templateId: two.template.templateId })]);
    expect(store.groups.get(a, one.group.id)?.count).toBe(3);
    expect(() => store.groups.merge(a, one.group.id, [two.group.id])).toThrow(/already merged/);
    expect(() => store.groups.merge(b, one.group.id, [two.group.id])).toThrow(/no group/);
  });

  it('tags, filters by tag and pages by count', () => {
    const ids = ['x', 'y', 'z'].map((k, i) => {
      const { group, template } = store.groups.create(a, { key: k, template: `thing ${k}`, at: T });
      store.events.insertBatch(
        a,
        Array.from({ length: i + 1 }, () => eventRow({ sourceId, groupId: group.id, templateId: template.templateId })),
      );
      return group.id;
    });
    store.groups.tag(a, ids[0] as string, { add: ['network', 'noisy'] });
    expect(store.groups.tag(a, ids[0] as string, { remove: ['noisy'] })?.tags).toEqual(['network']);
    expect(store.groups.list(a, { sort: 'count', limit: 10, tag: 'network' }).items.map((g) => g.id)).toEqual([ids[0]]);
    const first = store.groups.list(a, { sort: 'count', limit: 2 });
    const second = store.groups.list(a, { sort: 'count', limit: 2, cursor: first.nextCursor ?? undefined });
    expect([...first.items, ...second.items].map((g) => g.count)).toEqual([3, 2, 1]);
    expect(second.nextCursor).toBeNull();
  });

  it('finds the nearest groups of the same tenant and site only, with cosine similarity', () => {
    expect(store.groupVectors.ensureSpace({ dimension: 3, model: 'tiny' })).toEqual({ rebuild: false });
    const near = store.groups.create(a, { key: 'n', template: 'near' }).group.id;
    const far = store.groups.create(a, { key: 'f', template: 'far' }).group.id;
    const foreign = store.groups.create(b, { key: 'n', template: 'near' }).group.id;
    store.groupVectors.upsert(a, near, unit([1, 0.1, 0]));
    store.groupVectors.upsert(a, far, unit([0, 0, 1]));
    store.groupVectors.upsert(b, foreign, unit([1, 0, 0]));

    const hits = store.groupVectors.nearest(a, unit([1, 0, 0]), 5);
    expect(hits.map((h) => h.groupId)).toEqual([near, far]);
    expect(hits[0]?.similarity).toBeCloseTo(1 / Math.hypot(1, 0.1), 5);
    expect(hits[1]?.similarity).toBeCloseTo(0, 5);
    expect(store.groupVectors.nearest(a, unit([1, 0, 0]), 5, [near]).map((h) => h.groupId)).toEqual([far]);
    expect([...store.groupVectors.all({ tenantId: a.tenantId })].map((v) => v.groupId).sort()).toEqual(
      [near, far].sort(),
    );
    expect(() => store.groupVectors.upsert(a, near, new Float32Array(4))).toThrow(/4 dimensions/);
  });

  it('recreates the vector table when the embedder changes, and lists what must be embedded again', () => {
    store.groupVectors.ensureSpace({ dimension: 3, model: 'tiny' });
    const g = store.groups.create(a, { key: 'g', template: 'gate open' }).group.id;
    store.groupVectors.upsert(a, g, unit([1, 1, 1]));
    expect(store.groupVectors.ensureSpace({ dimension: 3, model: 'tiny' })).toEqual({ rebuild: false });
    expect(store.groupVectors.ensureSpace({ dimension: 384, model: 'minilm' })).toEqual({ rebuild: true });
    expect(store.groupVectors.space()).toEqual({ dimension: 384, model: 'minilm' });
    expect(store.groupVectors.count(a)).toBe(0);
    expect(store.groupVectors.missing(a, 10)).toEqual([
      { groupId: g, siteId: a.siteId, template: 'gate open', similarityPending: false, seq: expect.any(Number) },
    ]);
  });

  it('lists a group founded pending until its likeness is checked, and joins it to a like group', () => {
    store.groupVectors.ensureSpace({ dimension: 3, model: 'tiny' });
    const kept = store.groups.create(a, { key: 'kept', template: 'gate <*> open', at: T });
    store.groupVectors.upsert(a, kept.group.id, unit([1, 0, 0]));
    const like = store.groups.create(a, { key: 'like', template: 'gate <*> opened', at: T, similarityPending: true });
    const alone = store.groups.create(a, { key: 'alone', template: 'disk full', at: T, similarityPending: true });
    const stored = store.events.insertBatch(a, [
      eventRow({
        sourceId,
        groupId: like.group.id,
        templateId: like.template.templateId,
        time: T,
        message: 'gate 2 opened',
      }),
      eventRow({
        sourceId,
        groupId: kept.group.id,
        templateId: kept.template.templateId,
        time: T,
        message: 'gate 1 open',
      }),
    ]);
    const missing = store.groupVectors.missing(a, 10);
    expect(missing.map((m) => [m.groupId, m.similarityPending])).toEqual([
      [like.group.id, true],
      [alone.group.id, true],
    ]);
    expect(store.groupVectors.missing(a, 10, missing[0]!.seq).map((m) => m.groupId)).toEqual([alone.group.id]);

    const target = store.groups.joinBySimilarity(a, like.group.id, kept.group.id, 0.93);
    expect(target.count).toBe(2);
    expect(store.groups.get(a, like.group.id)?.mergedInto).toBe(kept.group.id);
    expect(
      store.events
        .list(a, { groupId: kept.group.id, limit: 10 })
        .items.map((e) => e.id)
        .sort(),
    ).toEqual([...stored.ids].sort());
    expect(store.templates.listForGroup(a, kept.group.id)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ templateId: like.template.templateId, joinedBy: 'similarity' }),
      ]),
    );
    store.groups.similarityChecked(a, alone.group.id);
    store.groupVectors.upsert(a, alone.group.id, unit([0, 1, 0]));
    expect(store.groupVectors.missing(a, 10)).toEqual([]);
    expect(() => store.groups.joinBySimilarity(a, kept.group.id, kept.group.id, 1)).toThrow(/itself/);
  });

  it('ranks keyword hits with bm25, stays in the tenant, and treats FTS syntax as plain words', () => {
    const g = store.groups.create(a, { key: 'k', template: 'camera <*> offline' });
    const other = store.groups.create(b, { key: 'k', template: 'camera <*> offline' });
    const srcB = store.sources.create(b, { kind: 'webhook', name: 'hook', config: {}, enabled: true }).id;
    const row = (message: string, device: string | null = null) =>
      eventRow({ sourceId, groupId: g.group.id, templateId: g.template.templateId, message, device });
    const { ids } = store.events.insertBatch(a, [
      row('camera gate offline', 'gate'),
      row('camera offline, camera offline again'),
      row('power restored'),
    ]);
    store.events.insertBatch(b, [
      eventRow({
        sourceId: srcB,
        groupId: other.group.id,
        templateId: other.template.templateId,
        message: 'camera offline',
      }),
    ]);

    const hits = store.search.events(a, { text: 'camera offline', limit: 10 });
    expect(hits.map((h) => h.id)).toEqual([ids[1], ids[0]]);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    expect(store.search.events(a, { text: 'gate', limit: 10, device: 'gate' }).map((h) => h.id)).toEqual([ids[0]]);
    expect(store.search.events(a, { text: 'offline" OR power NEAR(* message:', limit: 10 }).map((h) => h.id)).toContain(
      ids[2],
    );
    expect(store.search.events(a, { text: '"*"', limit: 10 })).toEqual([]);
    expect(store.search.groups(a, { text: 'offline', limit: 10 }).map((h) => h.id)).toEqual([g.group.id]);
  });
});
