import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutpostError, type ImportOverlaysOutput, type Overlay, type SiteMapDraft } from '../contract/index.js';
import { openStore } from '../store/index.js';
import { createEventBus, createLogger, loadConfig } from '../core/index.js';
import { importOverlays } from './sitemap-import.js';
import { startSitemapCore, type SitemapCore } from './test-support/sitemap-core.js';

const HEADER = 'externalId,shapeId,label,bindingType,bindingTarget,layer';
const csv = (...lines: string[]) => [HEADER, ...lines].join('\n') + '\n';

let t: SitemapCore;
beforeAll(async () => {
  t = await startSitemapCore({ maxImportRows: 12_000 });
});
afterAll(async () => {
  await t?.close();
});

const draftOf = (siteId: string) => t.call<SiteMapDraft>('sitemap.get', { siteId }, 'viewer');
const importCsv = (siteId: string, content: string, dryRun: boolean, progressId?: string) =>
  t.call<ImportOverlaysOutput>('sitemap.importOverlays', {
    siteId,
    format: 'csv',
    content,
    dryRun,
    ...(progressId ? { progressId } : {}),
  });

describe('sitemap.importOverlays', () => {
  it('plans on a dry run without writing, then commits every row at once', async () => {
    const site = await t.newSite('import-plan');
    const gate: Overlay = { externalId: 'gate-1', shapeId: 's-gate', label: 'Gate', binding: null };
    const fence: Overlay = { externalId: 'fence', shapeId: null, label: 'Fence', binding: null };
    const saved = await t.call<{ revision: number }>('sitemap.saveOverlays', {
      siteId: site.id,
      upserts: [gate, fence],
      deletes: [],
    });
    const content = csv(
      'gate-1,s-gate,Gate,,,',
      'fence,,North fence,zone,north,',
      'cam-3,s-cam,Camera 3,camera,cam-3,',
    );

    const heard = await t.listen(['sitemap.changed']);
    try {
      const dry = await importCsv(site.id, content, true);
      expect(dry).toMatchObject({
        summary: { created: 1, updated: 1, unchanged: 1, rejected: 0 },
        ok: true,
        committed: false,
        revision: saved.revision,
      });
      expect(dry.rows.map((r) => [r.line, r.externalId, r.outcome])).toEqual([
        [2, 'gate-1', 'unchanged'],
        [3, 'fence', 'updated'],
        [4, 'cam-3', 'created'],
      ]);
      expect(dry.rows[1]?.changes).toEqual(['binding', 'label']);
      expect((await draftOf(site.id)).overlays).toEqual([fence, gate].sort(byId));
      expect(heard.heard).toEqual([]);

      const done = await importCsv(site.id, content, false);
      expect(done).toMatchObject({ ok: true, committed: true, summary: dry.summary });
      expect(done.revision).toBeGreaterThan(saved.revision);
      const draft = await draftOf(site.id);
      expect(draft.revision).toBe(done.revision);
      const expected: Overlay[] = [
        gate,
        { externalId: 'fence', shapeId: null, label: 'North fence', binding: { type: 'zone', zone: 'north' } },
        { externalId: 'cam-3', shapeId: 's-cam', label: 'Camera 3', binding: { type: 'camera', device: 'cam-3' } },
      ];
      expect(draft.overlays.sort(byId)).toEqual(expected.sort(byId));
      expect(heard.heard.map((h) => h.payload)).toEqual([{ siteId: site.id, revision: done.revision }]);

      // The same file again changes nothing.
      const again = await importCsv(site.id, content, false);
      expect(again).toMatchObject({ committed: true, revision: done.revision, summary: { unchanged: 3 } });
    } finally {
      heard.stop();
    }
  });

  it('lists the reason of every rejected row and writes nothing when any row is rejected', async () => {
    const site = await t.newSite('import-rejects');
    const content = csv(
      'ok-1,,Fine,,,',
      'bad id!,,Broken,,,',
      'ok-1,,Twice,,,',
      'no-label,,,,,',
      'lamp,,Lamp,planet,x,',
    );
    const dry = await importCsv(site.id, content, true);
    expect(dry.ok).toBe(false);
    expect(dry.summary).toEqual({ created: 0, updated: 0, unchanged: 0, rejected: 5 });
    for (const row of dry.rows) expect(row.reasons.length, `line ${row.line}`).toBeGreaterThan(0);

    const err = await t.fail('sitemap.importOverlays', { siteId: site.id, format: 'csv', content, dryRun: false });
    expect(err.code).toBe('invalid_input');
    expect(err.message).toBe('5 rows are rejected; nothing was imported. Fix them and import again.');
    expect(err.issues?.map((i) => i.path)).toEqual(['line 2', 'line 3', 'line 4', 'line 5', 'line 6']);
    expect(err.issues?.[0]?.message).toMatch(/appears again on line 4/);
    expect(err.issues?.[4]?.message).toMatch(/device.*camera.*zone.*unit/);
    expect(await draftOf(site.id)).toMatchObject({ revision: 0, overlays: [] });
  });

  it('refuses malformed files as a whole, and reports bad JSON items per row', async () => {
    const site = await t.newSite('import-malformed');
    const brokenCsv = await t.fail('sitemap.importOverlays', {
      siteId: site.id,
      format: 'csv',
      content: `${HEADER}\na,,"never closed,,,\n`,
      dryRun: false,
    });
    expect(brokenCsv.code).toBe('invalid_input');
    const unknownColumn = await t.fail('sitemap.importOverlays', {
      siteId: site.id,
      format: 'csv',
      content: 'externalId,label,colour\na,A,red\n',
      dryRun: true,
    });
    expect(unknownColumn.code).toBe('invalid_input');
    expect(unknownColumn.message).toMatch(/colour/);
    const brokenJson = await t.fail('sitemap.importOverlays', {
      siteId: site.id,
      format: 'json',
      content: '[{"externalId": "a", "label": "A"},',
      dryRun: false,
    });
    expect(brokenJson.code).toBe('invalid_input');

    const items = JSON.stringify([
      { externalId: 'a', label: 'A', binding: { type: 'zone', zone: 'yard' } },
      { externalId: 'b', label: 'B', binding: { type: 'door' } },
      { externalId: 'c', label: 7 },
    ]);
    const dry = await t.call<ImportOverlaysOutput>('sitemap.importOverlays', {
      siteId: site.id,
      format: 'json',
      content: items,
      dryRun: true,
    });
    expect(dry.rows.map((r) => r.outcome)).toEqual(['created', 'rejected', 'rejected']);
    expect(dry.rows[1]?.reasons.join(' ')).toMatch(/binding/);
    expect(dry.rows[2]?.reasons.join(' ')).toMatch(/label/);
    const commit = await t.fail('sitemap.importOverlays', {
      siteId: site.id,
      format: 'json',
      content: items,
      dryRun: false,
    });
    expect(commit.message).toBe('2 rows are rejected; nothing was imported. Fix them and import again.');
    expect(await draftOf(site.id)).toMatchObject({ revision: 0, overlays: [] });

    const tooMany = await t.fail('sitemap.importOverlays', {
      siteId: site.id,
      format: 'csv',
      content: csv(...Array.from({ length: 12_001 }, (_, i) => `x-${i},,X,,,`)),
      dryRun: true,
    });
    expect(tooMany.code).toBe('payload_too_large');
  });

  it('imports 10,000 overlays in one commit, with progress messages for the caller', async () => {
    const site = await t.newSite('import-large');
    const lines = Array.from(
      { length: 10_000 },
      (_, i) => `ov-${i},shape-${i},Overlay ${i},device,dev-${i % 50},floor-${i % 3}`,
    );
    const heard = await t.listen(['sitemap.importProgress', 'sitemap.changed']);
    try {
      const dry = await importCsv(site.id, csv(...lines), true, 'dry-1');
      expect(dry.summary.created).toBe(10_000);
      const done = await importCsv(site.id, csv(...lines), false, 'commit-1');
      expect(done).toMatchObject({ committed: true, summary: { created: 10_000 } });
      const progress = heard.heard.filter((h) => h.topic === 'sitemap.importProgress').map((h) => h.payload);
      const expected = (progressId: string) =>
        Array.from({ length: 10 }, (_, i) => ({ siteId: site.id, progressId, done: (i + 1) * 1000, total: 10_000 }));
      expect(progress).toEqual([...expected('dry-1'), ...expected('commit-1')]);
      expect(heard.heard.filter((h) => h.topic === 'sitemap.changed')).toHaveLength(1);
      const draft = await draftOf(site.id);
      expect(draft.overlays).toHaveLength(10_000);
      expect(draft.revision).toBe(done.revision);
    } finally {
      heard.stop();
    }
  });
});

describe('importOverlays against a draft that changes while it plans', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'outpost-import-race-'));
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('commits nothing and answers conflict, so a stale plan never overwrites the newer edit', async () => {
    const config = loadConfig({ env: {}, overrides: { dataDir } });
    const store = await openStore({ dataDir, migrate: 'auto' });
    try {
      const tenantId = store.tenants.ensureDefault().id;
      const site = store.sites.ensureDefault({ tenantId });
      const scope = { tenantId, siteId: site.id };
      const bus = createEventBus(createLogger({ log: { level: 'silent' } }));
      const edited: Overlay = { externalId: 'ov-5', shapeId: null, label: 'Edited meanwhile', binding: null };
      // Another editor saves while the import is between two chunks of rows.
      bus.subscribe(tenantId, ['sitemap.importProgress'], () => {
        if (store.sitemap.overlays(scope).length === 0) {
          store.sitemap.applyOverlayChanges(scope, { upserts: [edited], deletes: [] });
        }
      });
      const content = csv(...Array.from({ length: 2_500 }, (_, i) => `ov-${i},,Overlay ${i},,,`));
      let caught: unknown;
      try {
        await importOverlays({ store, bus, config }, scope, { format: 'csv', content, dryRun: false, progressId: 'p' });
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(OutpostError);
      expect((caught as OutpostError).code).toBe('conflict');
      expect((caught as OutpostError).message).toMatch(/Import the file again/);
      expect(store.sitemap.overlays(scope)).toEqual([edited]);
    } finally {
      store.close();
    }
  });
});

function byId(a: Overlay, b: Overlay): number {
  return a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0;
}
