import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../native/sqlite/index.js';
import { databasePath, migrateDown, migrateUp, openStore, type Store } from './index.js';
import { LATEST_SCHEMA_VERSION } from './known-migrations.js';
import { openPipelineStore } from './test-support/pipeline-test-fixtures.js';

function tables(path: string): string[] {
  const db = openDatabase(path, { readonly: true });
  try {
    return db
      .prepare<[], string>("SELECT name FROM sqlite_schema WHERE type IN ('table', 'index', 'trigger') ORDER BY name")
      .pluck()
      .all();
  } finally {
    db.close();
  }
}

describe('pipeline migrations', () => {
  let ctx: Awaited<ReturnType<typeof openPipelineStore>> | undefined;
  let reopened: Store | undefined;
  afterEach(() => {
    reopened?.close();
    ctx?.close();
  });

  it('go down to the Foundation schema and up again, with a vector table made in between', async () => {
    ctx = await openPipelineStore();
    const { store, a } = ctx;
    const dataDir = store.path.replace(/\/[^/]+$/, '');
    store.groupVectors.ensureSpace({ dimension: 4, model: 'test' });
    const { group } = store.groups.create(a, { key: 'k', template: 'door <*> opened' });
    store.groupVectors.upsert(a, group.id, new Float32Array([1, 0, 0, 0]));
    const full = tables(databasePath(dataDir));
    store.close();

    const down = await migrateDown(dataDir, { steps: LATEST_SCHEMA_VERSION - 3 });
    expect(down.current).toBe(3);
    const foundation = tables(databasePath(dataDir));
    expect(foundation).not.toContain('events');
    expect(foundation.some((t) => t.startsWith('group_vectors'))).toBe(false);

    expect((await migrateUp(dataDir)).current).toBe(LATEST_SCHEMA_VERSION);
    reopened = await openStore({ dataDir });
    expect(reopened.groupVectors.space()).toBeUndefined();
    reopened.groupVectors.ensureSpace({ dimension: 4, model: 'test' });
    expect(tables(databasePath(dataDir))).toEqual(full);
  });
});
