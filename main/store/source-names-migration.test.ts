import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, migrateDown, migrateUp, openStore, type Store } from './index.js';
import { openPipelineStore } from './test-support/pipeline-test-fixtures.js';

describe('source names (migration 015)', () => {
  let ctx: Awaited<ReturnType<typeof openPipelineStore>> | undefined;
  let reopened: Store | undefined;
  afterEach(() => {
    reopened?.close();
    ctx?.close();
  });

  it('are unique per site: two sites of a tenant (a hub) may each have "Gate cameras", one site not twice', async () => {
    ctx = await openPipelineStore();
    const { store, a } = ctx;
    const north = {
      tenantId: a.tenantId,
      siteId: store.sites.create(a, { name: 'North yard', slug: 'north-yard', timezone: 'UTC', address: '' }).id,
    };
    const gate = { kind: 'webhook' as const, name: 'Gate cameras', config: {}, enabled: true };
    store.sources.create(a, gate);
    store.sources.create(north, gate);
    expect(() => store.sources.create(north, gate)).toThrow(/A source named 'Gate cameras' already exists/);
    expect(store.sources.list({ tenantId: a.tenantId }).map((s) => s.name)).toEqual(['Gate cameras', 'Gate cameras']);
  });

  it('keep their rows through the rebuild, and going back is refused while names repeat', async () => {
    ctx = await openPipelineStore();
    const { store, a } = ctx;
    const dataDir = store.path.replace(/\/[^/]+$/, '');
    const north = {
      tenantId: a.tenantId,
      siteId: store.sites.create(a, { name: 'North yard', slug: 'north-yard', timezone: 'UTC', address: '' }).id,
    };
    const gate = { kind: 'webhook' as const, name: 'Gate cameras', config: {}, enabled: true };
    const first = store.sources.create(a, gate);
    store.sources.create(north, gate);
    store.close();

    // Later migrations go back first, so that 015 is the newest.
    if (LATEST_SCHEMA_VERSION > 15) await migrateDown(dataDir, { steps: LATEST_SCHEMA_VERSION - 15 });
    await expect(migrateDown(dataDir, { steps: 1 })).rejects.toThrow(/UNIQUE/);
    reopened = await openStore({ dataDir });
    expect(reopened.sources.list({ tenantId: a.tenantId })).toHaveLength(2);
    reopened.sources.update(
      north,
      reopened.sources.list({ tenantId: north.tenantId }).find((s) => s.siteId === north.siteId)!.id,
      { name: 'North gate' },
    );
    reopened.close();
    reopened = undefined;

    expect((await migrateDown(dataDir, { steps: LATEST_SCHEMA_VERSION - 14 })).current).toBe(14);
    expect((await migrateUp(dataDir, { to: 15 })).current).toBe(15);
    await migrateUp(dataDir);
    reopened = await openStore({ dataDir });
    expect(reopened.sources.get(a, first.id)).toMatchObject({ name: 'Gate cameras' });
  });
});
