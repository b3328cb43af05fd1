import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Overlay, SiteMapDraft, UploadAssetOutput } from '../../contract/index.js';
import { JPEG, PNG, startSitemapCore, toBase64, type SitemapCore } from '../test-support/sitemap-core.js';

const fixture = (path: string) => readFileSync(new URL(`../test-fixtures/${path}`, import.meta.url));
const decode = (b64: string) => Buffer.from(b64, 'base64').toString('utf8');

let t: SitemapCore;
beforeAll(async () => {
  // Small limits (the lowest the config allows), so "too big" needs no large test files.
  t = await startSitemapCore({ maxBasemapBytes: 4096, maxOverlaySvgBytes: 8192 });
});
afterAll(async () => {
  await t?.close();
});

async function upload(siteId: string, kind: 'basemap' | 'overlay', data: Buffer | string, fileName = 'plan') {
  return t.call<UploadAssetOutput>('sitemap.uploadAsset', { siteId, kind, fileName, contentBase64: toBase64(data) });
}

describe('sitemap.uploadAsset', () => {
  it('stores PNG, JPEG and SVG base maps by content, each replacing the last', async () => {
    const site = await t.newSite('uploads-basemap');
    const png = await upload(site.id, 'basemap', PNG, 'plan.png');
    expect(png).toMatchObject({ kind: 'basemap', removed: [], overlaysCreated: 0 });
    let draft = await t.call<SiteMapDraft>('sitemap.get', { siteId: site.id }, 'viewer');
    expect(draft.basemap).toMatchObject({ id: png.assetId, contentType: 'image/png', size: PNG.length });
    const content = await t.call<{ contentBase64: string; contentType: string }>(
      'sitemap.assetContent',
      { siteId: site.id, assetId: png.assetId },
      'viewer',
    );
    expect(Buffer.from(content.contentBase64, 'base64').equals(PNG)).toBe(true);

    const jpeg = await upload(site.id, 'basemap', JPEG, 'plan.jpg');
    draft = await t.call<SiteMapDraft>('sitemap.get', { siteId: site.id }, 'viewer');
    expect(draft.basemap).toMatchObject({ id: jpeg.assetId, contentType: 'image/jpeg', fileName: 'plan.jpg' });

    const svg = await upload(
      site.id,
      'basemap',
      '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect id="r" width="5" height="5" onclick="x()"/></svg>',
    );
    expect(svg.removed).toEqual(['onclick attribute on <rect id="r">']);
    draft = await t.call<SiteMapDraft>('sitemap.get', { siteId: site.id }, 'viewer');
    expect(draft.basemap).toMatchObject({ contentType: 'image/svg+xml', removed: svg.removed });
    // A base map is a picture: its shapes do not become overlays.
    expect(draft.overlays).toEqual([]);
    expect(draft.shapes).toEqual([]);
  });

  it('sanitises a hostile overlay SVG, says what came out, and stores nothing executable', async () => {
    const site = await t.newSite('uploads-hostile');
    for (const name of ['inline-script', 'event-handlers', 'foreignobject-html', 'xlink-href-http']) {
      const result = await upload(site.id, 'overlay', fixture(`hostile/${name}.svg`), `${name}.svg`);
      expect(result.removed.length, name).toBeGreaterThan(0);
      const stored = decode(
        (
          await t.call<{ contentBase64: string }>('sitemap.assetContent', {
            siteId: site.id,
            assetId: result.assetId,
          })
        ).contentBase64,
      );
      expect(stored, name).not.toMatch(/<script|foreignObject|\son\w+\s*=|javascript:|evil\.example|<iframe/i);
      expect(stored.startsWith('<svg')).toBe(true);
    }
    const draft = await t.call<SiteMapDraft>('sitemap.get', { siteId: site.id });
    expect(draft.overlayLayer?.removed.length).toBeGreaterThan(0);
    // Shapes with ids from every layer became overlays once each.
    expect(draft.overlays.map((o) => o.externalId).sort()).toEqual(['door-3', 'exit', 'room-1']);
  });

  it('makes unbound overlays from the shapes with ids, leaving existing overlays alone', async () => {
    const site = await t.newSite('uploads-shapes');
    const kept: Overlay = {
      externalId: 'reception',
      shapeId: 'room-101',
      label: 'Reception',
      binding: { type: 'device', device: 'door-1' },
    };
    await t.call('sitemap.saveOverlays', { siteId: site.id, upserts: [kept], deletes: [] });
    const heard = await t.listen(['sitemap.changed']);
    try {
      const result = await upload(site.id, 'overlay', fixture('floor-plan.svg'), 'floor-plan.svg');
      expect(result.overlaysCreated).toBe(9);
      expect(result.removed.length).toBeGreaterThan(0);
      const draft = await t.call<SiteMapDraft>('sitemap.get', { siteId: site.id }, 'viewer');
      expect(heard.heard).toEqual([
        { topic: 'sitemap.changed', payload: { siteId: site.id, revision: draft.revision } },
      ]);
      expect(draft.overlayLayer).toMatchObject({ id: result.assetId, fileName: 'floor-plan.svg' });
      expect(draft.shapes.map((s) => s.shapeId)).toEqual([
        'zone-north',
        'room-101',
        'room-102',
        'corridor-n',
        'zone-south',
        'loading-bay',
        'store-room',
        'cam-12',
        'tank-1',
        'door-3',
      ]);
      expect(draft.shapes.find((s) => s.shapeId === 'room-101')).toMatchObject({
        kind: 'rect',
        label: 'Room 101 – Reception',
        bbox: { x: 20, y: 20, width: 200, height: 150 },
      });
      const byId = new Map(draft.overlays.map((o) => [o.externalId, o]));
      expect(byId.get('reception')).toEqual(kept);
      expect(byId.has('room-101')).toBe(false);
      expect(byId.get('cam-12')).toEqual({
        externalId: 'cam-12',
        shapeId: 'cam-12',
        label: 'Camera 12',
        binding: null,
      });
      expect(byId.get('zone-north')?.label).toBe('North wing');
      expect(byId.get('tank-1')?.label).toBe('tank-1');
      expect(draft.overlays).toHaveLength(10);
      expect(draft.legend.map((l) => l.status)).toEqual(['ok', 'warning', 'alarm', 'offline', 'unknown']);

      // The same layer again: every shape has its overlay now.
      expect((await upload(site.id, 'overlay', fixture('floor-plan.svg'))).overlaysCreated).toBe(0);
    } finally {
      heard.stop();
    }
  });

  it('refuses the wrong type with 415 and says what the file is', async () => {
    const site = await t.newSite('uploads-types');
    const overlayPng = await t.fail('sitemap.uploadAsset', {
      siteId: site.id,
      kind: 'overlay',
      fileName: 'plan.png',
      contentBase64: toBase64(PNG),
    });
    expect(overlayPng.code).toBe('unsupported_media_type');
    expect(overlayPng.message).toMatch(/must be an SVG drawing.*"plan\.png" is a PNG image/);
    expect(overlayPng.issues).toEqual([{ path: 'file', message: overlayPng.message }]);

    const gif = await t.fail('sitemap.uploadAsset', {
      siteId: site.id,
      kind: 'basemap',
      fileName: 'plan.gif',
      contentBase64: toBase64('GIF89a\u0001\u0000\u0001\u0000'),
    });
    expect(gif.code).toBe('unsupported_media_type');
    expect(gif.message).toMatch(/PNG, JPEG or SVG.*image\/gif/);

    const html = await t.fail('sitemap.uploadAsset', {
      siteId: site.id,
      kind: 'overlay',
      fileName: 'page.svg',
      contentBase64: toBase64('<!DOCTYPE html><html><body><svg></svg></body></html>'),
    });
    expect(html.code).toBe('unsupported_media_type');
    expect(html.message).toMatch(/top element is <html>/);

    const empty = await t.fail('sitemap.uploadAsset', {
      siteId: site.id,
      kind: 'basemap',
      fileName: 'empty.png',
      contentBase64: '',
    });
    expect(empty.code).toBe('invalid_input');

    // Checked where it is decoded (in the map-file worker), and named.
    const garbled = await t.fail('sitemap.uploadAsset', {
      siteId: site.id,
      kind: 'basemap',
      fileName: 'plan.png',
      contentBase64: `${toBase64(PNG)}\u0000!`,
    });
    expect(garbled.code).toBe('invalid_input');
    expect(garbled.issues).toEqual([{ path: 'contentBase64', message: expect.stringMatching(/must be base64/) }]);

    const entity = await t.fail('sitemap.uploadAsset', {
      siteId: site.id,
      kind: 'overlay',
      fileName: 'xxe.svg',
      contentBase64: toBase64(fixture('hostile/xxe-system-entity.svg')),
    });
    expect(entity.code).toBe('invalid_input');
    expect(entity.message).toMatch(/DOCTYPE or ENTITY/);

    const draft = await t.call<SiteMapDraft>('sitemap.get', { siteId: site.id });
    expect(draft).toMatchObject({ revision: 0, basemap: null, overlayLayer: null, overlays: [] });
  });

  it('refuses files over the configured limit with 413 naming the limit', async () => {
    const site = await t.newSite('uploads-size');
    const big = Buffer.concat([PNG, Buffer.alloc(5000)]);
    const err = await t.fail('sitemap.uploadAsset', {
      siteId: site.id,
      kind: 'basemap',
      fileName: 'huge.png',
      contentBase64: toBase64(big),
    });
    expect(err.code).toBe('payload_too_large');
    expect(err.message).toMatch(/is 5\.0 KiB; the limit is 4\.0 KiB\..*sitemap\.maxBasemapBytes/);
    const svg = `<svg xmlns="http://www.w3.org/2000/svg">${'<rect width="1" height="1"/>'.repeat(400)}</svg>`;
    const overlay = await t.fail('sitemap.uploadAsset', {
      siteId: site.id,
      kind: 'overlay',
      fileName: 'huge.svg',
      contentBase64: toBase64(svg),
    });
    expect(overlay.code).toBe('payload_too_large');
    expect(overlay.message).toMatch(/sitemap\.maxOverlaySvgBytes/);
  });
});

describe('draft edits', () => {
  const door = (n: number): Overlay => ({
    externalId: `door-${n}`,
    shapeId: null,
    label: `Door ${n}`,
    binding: { type: 'device', device: `d${n}` },
  });

  it('saves overlays, refuses a save based on a stale revision, and tells listeners', async () => {
    const site = await t.newSite('edits-save');
    const heard = await t.listen(['sitemap.changed']);
    try {
      const first = await t.call<{ revision: number }>('sitemap.saveOverlays', {
        siteId: site.id,
        baseRevision: 0,
        upserts: [door(1), door(2)],
        deletes: [],
      });
      expect(first.revision).toBeGreaterThan(0);
      const second = await t.call<{ revision: number }>('sitemap.saveOverlays', {
        siteId: site.id,
        baseRevision: first.revision,
        upserts: [{ ...door(1), label: 'Front door' }],
        deletes: ['door-2'],
      });
      expect(second.revision).toBeGreaterThan(first.revision);

      // Someone else's editor still holds the first revision: its save must not overwrite the second.
      const stale = await t.fail('sitemap.saveOverlays', {
        siteId: site.id,
        baseRevision: first.revision,
        upserts: [door(3)],
        deletes: [],
      });
      expect(stale.code).toBe('conflict');

      const draft = await t.call<SiteMapDraft>('sitemap.get', { siteId: site.id }, 'viewer');
      expect(draft.revision).toBe(second.revision);
      expect(draft.overlays).toEqual([{ ...door(1), label: 'Front door' }]);
      expect(heard.heard.map((h) => h.payload)).toEqual([
        { siteId: site.id, revision: first.revision },
        { siteId: site.id, revision: second.revision },
      ]);
    } finally {
      heard.stop();
    }
  });

  it('refuses an overlay sent twice, or both saved and deleted, naming the items', async () => {
    const site = await t.newSite('edits-ambiguous');
    const twice = await t.fail('sitemap.saveOverlays', { siteId: site.id, upserts: [door(1), door(1)], deletes: [] });
    expect(twice.code).toBe('invalid_input');
    expect(twice.issues).toEqual([{ path: 'upserts.1.externalId', message: '"door-1" is also upserts item 0.' }]);
    const both = await t.fail('sitemap.saveOverlays', { siteId: site.id, upserts: [door(1)], deletes: ['door-1'] });
    expect(both.issues).toEqual([{ path: 'deletes.0', message: '"door-1" is both deleted and upserts item 0.' }]);
    expect((await t.call<SiteMapDraft>('sitemap.get', { siteId: site.id })).revision).toBe(0);
  });

  it('clears the base map, the overlay layer or the overlays', async () => {
    const site = await t.newSite('edits-clear');
    await upload(site.id, 'basemap', PNG);
    await upload(site.id, 'overlay', fixture('hostile/inline-script.svg'));
    await t.call('sitemap.saveOverlays', { siteId: site.id, upserts: [door(1)], deletes: [] });
    expect(await t.call('sitemap.clear', { siteId: site.id, what: 'basemap' })).toEqual({ ok: true });
    let draft = await t.call<SiteMapDraft>('sitemap.get', { siteId: site.id });
    expect(draft.basemap).toBeNull();
    expect(draft.overlayLayer).not.toBeNull();
    await t.call('sitemap.clear', { siteId: site.id, what: 'overlay' });
    await t.call('sitemap.clear', { siteId: site.id, what: 'overlays' });
    draft = await t.call<SiteMapDraft>('sitemap.get', { siteId: site.id });
    expect(draft).toMatchObject({ basemap: null, overlayLayer: null, shapes: [], overlays: [] });
  });

  it("answers not_found for another tenant's site and its files, changing nothing", async () => {
    const site = await t.newSite('edits-tenants');
    const { assetId } = await upload(site.id, 'basemap', PNG);
    const attempts: [string, unknown][] = [
      ['sitemap.get', { siteId: site.id }],
      ['sitemap.assetContent', { siteId: site.id, assetId }],
      ['sitemap.uploadAsset', { siteId: site.id, kind: 'basemap', fileName: 'x.png', contentBase64: toBase64(PNG) }],
      ['sitemap.saveOverlays', { siteId: site.id, upserts: [door(9)], deletes: [] }],
      ['sitemap.importOverlays', { siteId: site.id, format: 'csv', content: 'externalId,label\na,A\n', dryRun: false }],
      ['sitemap.clear', { siteId: site.id, what: 'basemap' }],
    ];
    for (const [method, input] of attempts) {
      const err = await t.fail(method, input, 'otherAdmin');
      expect(err.code, method).toBe('not_found');
      expect(err.message).toBe(`There is no site ${site.id}. Check the id with sites.list.`);
    }
    // A file id of one site is not reachable through another site of the same tenant either.
    const other = await t.newSite('edits-tenants-2');
    expect((await t.fail('sitemap.assetContent', { siteId: other.id, assetId })).code).toBe('not_found');
    const draft = await t.call<SiteMapDraft>('sitemap.get', { siteId: site.id });
    expect(draft).toMatchObject({ revision: 1, overlays: [] });
    expect(draft.basemap?.id).toBe(assetId);
  });
});
