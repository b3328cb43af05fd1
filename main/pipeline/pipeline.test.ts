import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { OutpostError } from '../contract/index.js';
import type { Embedder } from './embed/index.js';
import { pipelineHarness } from './test-support/pipeline-harness.js';

const harness = pipelineHarness();
const setup = harness.setup;
afterEach(() => harness.cleanup());
afterAll(() => harness.close());

describe('createPipeline', () => {
  it('answers with ids only once the events can be read back, grouped by template', async () => {
    const { store, pipeline, scope, published } = await setup();
    const { ids } = await pipeline.ingest(scope, 'src-1', [
      { message: 'User 17 logged in from 10.0.0.4' },
      { message: 'User 23 logged in from 10.0.0.9' },
      { message: 'Backup job finished in 42 seconds' },
    ]);
    const events = store.events.getMany(scope, ids);
    expect(events.map((e) => e.id)).toEqual(ids);
    expect(events[0]!.groupId).toBe(events[1]!.groupId);
    expect(events[2]!.groupId).not.toBe(events[0]!.groupId);
    // A device address is kept by default (operators need it); personal data would not be.
    expect(events[0]!.message).toContain('10.0.0.4');
    expect(published.some((p) => p.topic === 'events.created')).toBe(true);
    expect(published.filter((p) => p.topic === 'groups.changed').length).toBeGreaterThanOrEqual(2);
  });

  it("redacts as each source chose, records the rules that fired, and sends a mapped device's events to its site", async () => {
    const { store, pipeline, scope } = await setup();
    const other = store.sites.create(scope, { name: 'Yard', slug: 'yard', timezone: 'UTC', address: '' });
    const strict = store.sources.create(scope, {
      kind: 'webhook',
      name: 'strict',
      config: {},
      enabled: true,
      redaction: { personal: true, network: true },
    });
    store.deviceSites.set(scope, 'cam-yard', other.id);
    pipeline.deviceSitesChanged(scope.tenantId);

    const line = 'login by bob@example.com from 10.1.2.3';
    const [byDefault] = (await pipeline.ingest(scope, 'unknown-source', [{ message: line }])).ids;
    const [byStrict, fromYard] = (
      await pipeline.ingest(scope, strict.id, [{ message: line }, { message: 'motion seen', device: 'cam-yard' }])
    ).ids;
    const read = (id: string | undefined) => store.events.get({ tenantId: scope.tenantId }, id!)!;
    expect(read(byDefault)).toMatchObject({ message: 'login by <email> from 10.1.2.3', redactions: { email: 1 } });
    expect(read(byStrict)).toMatchObject({ message: 'login by <email> from <ip>', redactions: { email: 1, ipv4: 1 } });
    expect(read(fromYard).siteId).toBe(other.id);
    expect(read(fromYard).redactions).toBeUndefined();
    expect(store.devices.get({ tenantId: scope.tenantId, siteId: other.id }, 'cam-yard')).toBeDefined();

    // Changed settings apply to the next events once the pipeline is told.
    store.sources.update(scope, strict.id, { redaction: { personal: false, network: false } });
    pipeline.sourceChanged(strict.id);
    const [relaxed] = (await pipeline.ingest(scope, strict.id, [{ message: line }])).ids;
    expect(read(relaxed).message).toBe(line);
  });

  it('refuses a batch with a bad event as a whole, naming its index and field', async () => {
    const { store, pipeline, scope } = await setup();
    const failure = await pipeline
      .ingest(scope, 'src-1', [{ message: 'fine' }, { message: '' } as never])
      .catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(OutpostError);
    expect((failure as OutpostError).issues?.[0]?.path).toBe('1.message');
    expect(store.events.list(scope, { limit: 10 }).items).toEqual([]);
  });

  // A stand-in embedder that maps every text to the same direction: any new template is "similar".
  const same: Embedder = {
    kind: 'hashed-ngram',
    dimensions: 8,
    modelDir: null,
    embed: async (texts) => texts.map(() => new Float32Array([1, 0, 0, 0, 0, 0, 0, 0])),
    close: async () => {},
  };

  it('joins a new template to a near-identical group by similarity, shown on the template', async () => {
    const { store, pipeline, scope } = await setup({ embedder: same });
    const [a] = (await pipeline.ingest(scope, 's', [{ message: 'Camera gate heartbeat missed' }])).ids;
    const [b] = (await pipeline.ingest(scope, 's', [{ message: 'Recorder disk nearly full now' }])).ids;
    await pipeline.flush();
    const [ea, eb] = store.events.getMany(scope, [a!, b!]);
    expect(eb!.groupId).toBe(ea!.groupId);
    const templates = store.templates.listForGroup(scope, ea!.groupId);
    expect(templates.map((t) => t.joinedBy).sort()).toEqual(['similarity', 'template']);
    expect(templates.find((t) => t.joinedBy === 'similarity')!.similarity).toBeCloseTo(1, 5);
  });

  /** `same`, but once held each call waits until the test lets it through. */
  function gated(): { embedder: Embedder; hold(): void; release(): void; calls: () => number } {
    let open = () => {};
    let gate = Promise.resolve();
    let calls = 0;
    return {
      embedder: {
        ...same,
        embed: async (texts, tenantId) => {
          calls++;
          await gate;
          return same.embed(texts, tenantId);
        },
      },
      hold() {
        gate = new Promise<void>((resolve) => (open = resolve));
      },
      release() {
        open();
        gate = Promise.resolve();
      },
      calls: () => calls,
    };
  }

  it('stores a new template at once and joins it to its twin when its embedding arrives', async () => {
    const model = gated();
    const { store, pipeline, scope } = await setup({ embedder: model.embedder });
    store.alertRules.create(scope, { type: 'new-group', name: 'New', severity: 'info', enabled: true, siteId: null });
    model.hold();
    // Both answered while the model has not embedded anything: nobody waits for it.
    const [a] = (await pipeline.ingest(scope, 's', [{ message: 'Camera gate heartbeat missed' }])).ids;
    const [b] = (await pipeline.ingest(scope, 's', [{ message: 'Recorder disk nearly full now' }])).ids;
    expect(model.calls()).toBeGreaterThan(0);
    const [ea, eb] = store.events.getMany(scope, [a!, b!]);
    expect(eb!.groupId).not.toBe(ea!.groupId);
    expect(store.alerts.list(scope, { limit: 10 }).items).toEqual([]);

    model.release();
    await pipeline.flush();
    const [, joined] = store.events.getMany(scope, [a!, b!]);
    expect(joined!.groupId).toBe(ea!.groupId);
    expect(store.groups.get(scope, eb!.groupId)?.mergedInto).toBe(ea!.groupId);
    expect(store.groups.get(scope, ea!.groupId)?.count).toBe(2);
    // One new group, one alert: the twin that joined it is not news.
    expect(store.alerts.list(scope, { limit: 10 }).items.map((x) => x.groupId)).toEqual([ea!.groupId]);
  });

  it('checks a new group left unembedded by a stop at the next start', async () => {
    const model = gated();
    const first = await setup({ embedder: same });
    const [a] = (await first.pipeline.ingest(first.scope, 's', [{ message: 'Camera gate heartbeat missed' }])).ids;
    await first.pipeline.flush();
    await first.pipeline.close();
    const second = await harness.restart(first, { embedder: model.embedder });
    model.hold();
    const [b] = (await second.ingest(first.scope, 's', [{ message: 'Recorder disk nearly full now' }])).ids;
    await second.close();
    expect(first.store.events.get(first.scope, b!)!.groupId).not.toBe(first.store.events.get(first.scope, a!)!.groupId);

    const third = await harness.restart(first, { embedder: same });
    await third.flush();
    expect(first.store.events.get(first.scope, b!)!.groupId).toBe(first.store.events.get(first.scope, a!)!.groupId);
  });

  it('never joins templates that state different outcomes, however similar their embeddings', async () => {
    const { store, pipeline, scope } = await setup({ embedder: same });
    const { ids } = await pipeline.ingest(scope, 's', [
      { message: 'Before sync: pending=3 moved=0' },
      { message: 'After sync: pending=0 moved=3' },
      { message: 'Uplink up on port 3' },
      { message: 'Uplink down on port 3' },
    ]);
    expect(new Set(store.events.getMany(scope, ids).map((e) => e.groupId)).size).toBe(4);
  });

  it('uses the HNSW index above the threshold, saves it on close, reloads it and drops merged groups', async () => {
    const first = await setup({ config: { annThreshold: 0 } });
    const messages = ['Pump 3 pressure low', 'Fence sensor tamper alarm', 'Badge reader jammed at door'];
    for (const message of messages) await first.pipeline.ingest(first.scope, 's', [{ message }]);
    const vector = await first.pipeline.embedText('Pump 3 pressure low', first.scope.tenantId);
    const [nearest] = first.pipeline.nearestGroups(first.scope, vector, 1);
    const [event] = first.store.events.list(first.scope, { limit: 1, groupId: nearest!.groupId }).items;
    expect(event!.message).toBe('Pump 3 pressure low');
    await first.pipeline.close();
    const annFile = join(first.dataDir, 'ann', `${first.scope.tenantId}.${first.scope.siteId}.usearch`);
    expect(existsSync(annFile)).toBe(true);

    // A restart loads the saved index (its count matches the vec0 rows) and finds the same group.
    const again = await harness.restart(first, { config: { annThreshold: 0 } });
    expect(again.nearestGroups(first.scope, vector, 1)[0]!.groupId).toBe(nearest!.groupId);
    // A merged group leaves the index with its vec0 row.
    const other = again
      .nearestGroups(first.scope, vector, 3)
      .map((n) => n.groupId)
      .filter((id) => id !== nearest!.groupId);
    first.store.groups.merge(first.scope, nearest!.groupId, [other[0]!]);
    again.groupsMerged(first.scope, nearest!.groupId, [other[0]!]);
    expect(again.nearestGroups(first.scope, vector, 3).map((n) => n.groupId)).not.toContain(other[0]);
  });
});
