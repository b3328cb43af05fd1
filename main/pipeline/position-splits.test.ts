/**
 * Splitting a group by token position on a real store and pipeline: the events move, and the split
 * holds across a restart, later learning, a second site and a later merge.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigSchema } from '../core/index.js';
import { openStore, type SiteScope, type Store } from '../store/index.js';
import { createHashedNgramEmbedder } from './embed/index.js';
import { createPipeline } from './pipeline.js';
import type { Pipeline } from './pipeline-types.js';

const quiet = { info() {}, warn() {}, error() {}, debug() {} };
const CONFIG = ConfigSchema.parse({ dataDir: tmpdir() }).pipeline;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Running {
  store: Store;
  pipeline: Pipeline;
  stop(): Promise<void>;
}

async function start(dataDir: string): Promise<Running> {
  const store = await openStore({ dataDir, migrate: 'auto' });
  const pipeline = await createPipeline({
    store,
    embedder: createHashedNgramEmbedder(),
    bus: { publish() {} },
    logger: quiet,
    config: CONFIG,
    annDir: join(dataDir, 'ann'),
  });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await pipeline.close();
    store.close();
  };
  cleanups.push(stop);
  return { store, pipeline, stop };
}

async function groupOf(run: Running, scope: SiteScope, message: string): Promise<string> {
  const { ids } = await run.pipeline.ingest(scope, 'src', [{ message }]);
  return run.store.events.getMany(scope, ids)[0]!.groupId;
}

const trip = (pump: string, cause = 'overload') => `feeder pump ${pump} tripped on ${cause}`;

describe('splitting a group by token position', () => {
  it('gives each value its own group, for stored events and after a restart and later learning', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'outpost-position-split-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    let run = await start(dataDir);
    const tenantId = run.store.tenants.ensureDefault().id;
    const scope = { tenantId, siteId: run.store.sites.ensureDefault({ tenantId }).id };
    const other = {
      tenantId,
      siteId: run.store.sites.create({ tenantId }, { name: 'Depot', slug: 'depot', timezone: 'UTC', address: '' }).id,
    };

    const { ids } = await run.pipeline.ingest(
      scope,
      'src',
      [trip('P1'), trip('P2'), trip('P1'), trip('P3')].map((message) => ({ message })),
    );
    const groupId = run.store.events.getMany(scope, ids)[0]!.groupId;
    expect(new Set(run.store.events.getMany(scope, ids).map((e) => e.groupId))).toEqual(new Set([groupId]));
    const otherGroup = await groupOf(run, other, trip('P2'));
    const [template] = run.store.templates.listForGroup(scope, groupId);
    expect(run.pipeline.templateTokens(tenantId, template!.key)).toEqual([
      'feeder',
      'pump',
      '<*>',
      'tripped',
      'on',
      'overload',
    ]);

    const groups = await run.pipeline.splitByPosition(scope, groupId, template!.templateId, 2);
    expect(groups.map((g) => [g.template, g.count])).toEqual([
      ['feeder pump P1 tripped on overload', 2],
      ['feeder pump P2 tripped on overload', 1],
      ['feeder pump P3 tripped on overload', 1],
    ]);
    expect(groups[0]!.id).toBe(groupId);
    const [p1, p2, p3] = groups.map((g) => g.id);
    expect(run.store.events.getMany(scope, ids).map((e) => e.groupId)).toEqual([p1, p2, p1, p3]);

    await run.stop();
    run = await start(dataDir);
    expect(await groupOf(run, scope, trip('P2'))).toBe(p2);
    // A value seen for the first time founds its own group, not joined to a sibling by likeness.
    const p9 = await groupOf(run, scope, trip('P9'));
    expect([p1, p2, p3]).not.toContain(p9);
    // The template keeps learning (`overload` becomes `<*>`); the values stay apart.
    expect(await groupOf(run, scope, trip('P1', 'undervoltage'))).toBe(p1);
    expect(await groupOf(run, scope, trip('P3', 'undervoltage'))).toBe(p3);
    // The split was made for one site: the other keeps one group for every pump.
    expect(await groupOf(run, other, trip('P7'))).toBe(otherGroup);

    // Merging puts values back together, for the stored events and the later ones.
    run.store.groups.merge(scope, p1!, [p2!]);
    expect(await groupOf(run, scope, trip('P2'))).toBe(p1);
    expect(run.store.groups.get(scope, p1!)!.count).toBe(6);
  });

  it('refuses a position outside the template and leaves everything as it was', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'outpost-position-split-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const run = await start(dataDir);
    const tenantId = run.store.tenants.ensureDefault().id;
    const scope = { tenantId, siteId: run.store.sites.ensureDefault({ tenantId }).id };
    const groupId = await groupOf(run, scope, trip('P1'));
    await groupOf(run, scope, trip('P2'));
    const [template] = run.store.templates.listForGroup(scope, groupId);

    await expect(run.pipeline.splitByPosition(scope, groupId, template!.templateId, 6)).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/position must be a token index from 0 to 5/),
    });
    await expect(run.pipeline.splitByPosition(scope, groupId, 'no-such-template', 2)).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(run.store.groups.get(scope, groupId)!.count).toBe(2);
    // The refused split left no trace in the miner: a real one still works.
    const groups = await run.pipeline.splitByPosition(scope, groupId, template!.templateId, 2);
    expect(groups).toHaveLength(2);
  });
});
