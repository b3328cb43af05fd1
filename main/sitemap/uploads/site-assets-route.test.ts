import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { answer, useServerFixture, type Answer } from '../../server/test-support/index.js';

// Small limits so "too large" needs only a few kilobytes; the overlay's is below the base map's so
// a file can fit one kind and not the other.
const MAX_BASEMAP = 8192;
const MAX_OVERLAY = 4096;
const fx = useServerFixture({
  config: { sitemap: { maxBasemapBytes: MAX_BASEMAP, maxOverlaySvgBytes: MAX_OVERLAY } },
  otherTenant: true,
});

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
// A 2×2 red JPEG (ffmpeg).
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAgAAAQABAAD//gAQTGF2YzU5LjM3LjEwMAD/2wBDAAgEBAQEBAUFBQUFBQYGBgYGBgYGBgYGBgYHBwcICAgHBwcGBgcHCAgICAkJCQgICAgJCQoKCgwMCwsODg4RERT/xABMAAEBAAAAAAAAAAAAAAAAAAAABgEBAQAAAAAAAAAAAAAAAAAABgcQAQAAAAAAAAAAAAAAAAAAAAARAQAAAAAAAAAAAAAAAAAAAAD/wAARCAACAAIDASIAAhEAAxEA/9oADAMBAAIRAxEAPwCLAFF/f//Z',
  'base64',
);
const PLAN_SVG = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><rect width="100" height="100" fill="#eee"/></svg>',
);
const HOSTILE_SVG =
  Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 100 100" onload="alert(1)">
  <script>alert(document.cookie)</script>
  <rect id="door-1" width="10" height="10" onclick="alert(2)"/>
  <circle id="pump-2" cx="50" cy="50" r="5" ONMOUSEOVER="alert(3)"/>
  <foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml">hi</div></foreignObject>
  <image href="https://evil.example/x.png" width="1" height="1"/>
</svg>`);

interface Part {
  name: string;
  value: string | Buffer;
  fileName?: string;
}

/** Posts a multipart form whose parts come in the order given. */
/** `token: null` sends no Authorization header. */
function upload(siteId: string, parts: Part[], token: string | null = fx.adminToken): Promise<Answer> {
  const form = new FormData();
  for (const part of parts) {
    if (typeof part.value === 'string' && part.fileName === undefined) form.append(part.name, part.value);
    else
      form.append(
        part.name,
        new Blob([typeof part.value === 'string' ? part.value : new Uint8Array(part.value)]),
        part.fileName ?? 'file.bin',
      );
  }
  return fetch(`${fx.server.url}/api/sites/${siteId}/assets`, {
    method: 'POST',
    headers: token ? { authorization: `Bearer ${token}` } : {},
    body: form,
  }).then(answer);
}

const kind = (value: string): Part => ({ name: 'kind', value });
const file = (value: Buffer, fileName: string): Part => ({ name: 'file', value, fileName });

function getAsset(siteId: string, assetId: string, headers: Record<string, string> = {}, token = fx.adminToken) {
  return fetch(`${fx.server.url}/api/sites/${siteId}/assets/${assetId}`, {
    headers: { authorization: `Bearer ${token}`, ...headers },
  });
}

let siteCount = 0;
async function newSite(token = fx.adminToken): Promise<string> {
  siteCount += 1;
  const created = await fx.rpc('sites.create', { name: `Yard ${siteCount}`, slug: `yard-${siteCount}` }, token);
  expect(created.status).toBe(200);
  return created.body.id as string;
}

describe('POST /api/sites/{siteId}/assets', () => {
  it('stores PNG, JPEG and SVG base maps (kind before or after the file) and serves the bytes back', async () => {
    const siteId = await newSite();
    for (const [bytes, name, type, kindFirst] of [
      [PNG, 'plan.png', 'image/png', true],
      [JPEG, 'plan.jpg', 'image/jpeg', false],
      [PLAN_SVG, 'plan.svg', 'image/svg+xml', true],
    ] as const) {
      const parts = kindFirst ? [kind('basemap'), file(bytes, name)] : [file(bytes, name), kind('basemap')];
      const stored = await upload(siteId, parts);
      expect(stored.status, name).toBe(201);
      expect(stored.body).toEqual({ assetId: expect.any(String), kind: 'basemap', removed: [], overlaysCreated: 0 });
      expect(stored.headers.get('location')).toBe(`/api/sites/${siteId}/assets/${stored.body.assetId}`);

      const draft = await fx.rpc('sitemap.get', { siteId }, fx.adminToken);
      expect(draft.body.basemap).toMatchObject({ id: stored.body.assetId, contentType: type, fileName: name });

      const served = await getAsset(siteId, stored.body.assetId);
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toBe(type);
      expect(served.headers.get('x-content-type-options')).toBe('nosniff');
      if (type !== 'image/svg+xml') {
        expect(Buffer.from(await served.arrayBuffer()).equals(bytes), name).toBe(true);
      } else {
        expect(await served.text()).toContain('<rect');
      }
    }
  });

  it('sanitises a hostile overlay SVG, lists what came out, and stores none of it', async () => {
    const siteId = await newSite();
    const stored = await upload(siteId, [file(HOSTILE_SVG, 'overlay.svg'), kind('overlay')]);
    expect(stored.status).toBe(201);
    expect(stored.body.kind).toBe('overlay');
    expect(stored.body.overlaysCreated).toBe(2); // door-1 and pump-2
    const removed = (stored.body.removed as string[]).join('\n');
    expect(removed).toMatch(/script/i);
    expect(removed).toMatch(/onclick/i);
    expect(removed).toMatch(/foreignObject/i);

    const served = await getAsset(siteId, stored.body.assetId);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/svg+xml');
    // Defence in depth for an SVG opened on its own: it may run and load nothing.
    expect(served.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'",
    );
    expect(served.headers.get('content-disposition')).toBe('inline');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    const text = await served.text();
    expect(text).not.toMatch(/<script/i);
    expect(text).not.toMatch(/\son[a-z]+\s*=/i);
    expect(text).not.toMatch(/foreignObject/i);
    expect(text).not.toContain('evil.example');
    expect(text).toContain('door-1');

    // The hash is the ETag: a browser revalidating gets a 304.
    const etag = served.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    expect(etag).toBe(`"${createHash('sha256').update(text).digest('hex')}"`);
    expect((await getAsset(siteId, stored.body.assetId, { 'if-none-match': etag! })).status).toBe(304);
  });

  it('answers 415 for a file that is not PNG, JPEG or SVG, and for a body that is not a form', async () => {
    const siteId = await newSite();
    const gif = await upload(siteId, [
      kind('basemap'),
      file(Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;'), 'x.gif'),
    ]);
    expect(gif.status).toBe(415);
    expect(gif.body.error.code).toBe('unsupported_media_type');

    const json = await fetch(`${fx.server.url}/api/sites/${siteId}/assets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fx.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'basemap' }),
    }).then(answer);
    expect(json.status).toBe(415);
    expect(json.body.error.message).toMatch(/multipart\/form-data/);

    const raw = await fetch(`${fx.server.url}/api/sites/${siteId}/assets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fx.adminToken}`, 'content-type': 'image/png' },
      body: PNG,
    }).then(answer);
    expect(raw.status).toBe(415);
  });

  it("answers 413 with the kind's limit, whether the kind comes before or after the file", async () => {
    const siteId = await newSite();
    const big = Buffer.concat([PNG, Buffer.alloc(MAX_BASEMAP + 1000)]);
    const first = await upload(siteId, [kind('basemap'), file(big, 'big.png')]);
    expect(first.status).toBe(413);
    expect(first.body.error.message).toContain(String(MAX_BASEMAP));
    expect(first.body.error.message).toContain('sitemap.maxBasemapBytes');

    const after = await upload(siteId, [file(big, 'big.png'), kind('basemap')]);
    expect(after.status).toBe(413);

    // Far over the limit: the server stops reading early, and the client still gets the answer.
    const huge = await upload(siteId, [
      kind('basemap'),
      file(Buffer.concat([PNG, Buffer.alloc(4_000_000)]), 'huge.png'),
    ]);
    expect(huge.status).toBe(413);

    // Fits a base map, not an overlay: only known once the kind arrives after the file.
    const svg = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg">${'<g/>'.repeat(MAX_OVERLAY / 4)}</svg>`);
    const overlay = await upload(siteId, [file(svg, 'o.svg'), kind('overlay')]);
    expect(overlay.status).toBe(413);
    expect(overlay.body.error.message).toContain(String(MAX_OVERLAY));
    expect(overlay.body.error.message).toContain('sitemap.maxOverlaySvgBytes');

    // Nothing was stored, and the connection still serves the next request.
    expect((await fx.rpc('sitemap.get', { siteId }, fx.adminToken)).body.basemap).toBeNull();
    expect((await upload(siteId, [kind('basemap'), file(PNG, 'ok.png')])).status).toBe(201);
  });

  it('answers 400 naming the field when kind or file is missing or kind is unknown', async () => {
    const siteId = await newSite();
    const cases: Array<[Part[], string]> = [
      [[file(PNG, 'plan.png')], 'kind'],
      [[kind('floorplan'), file(PNG, 'plan.png')], 'kind'],
      [[kind('basemap')], 'file'],
      [[kind('basemap'), file(PNG, 'plan.png'), { name: 'note', value: 'x' }], 'note'],
      [[kind('basemap'), { name: 'image', value: PNG, fileName: 'plan.png' }], 'image'],
    ];
    for (const [parts, field] of cases) {
      const result = await upload(siteId, parts);
      expect(result.status, field).toBe(400);
      expect(result.body.error.code).toBe('invalid_input');
      expect(result.body.error.issues[0].path).toBe(field);
    }
  });

  it("refuses strangers (401), viewers (403) and other tenants' sites (404)", async () => {
    const siteId = await newSite();
    const parts = [kind('basemap'), file(PNG, 'plan.png')];
    expect((await upload(siteId, parts, null)).status).toBe(401);
    const viewer = await upload(siteId, parts, fx.viewerToken);
    expect(viewer.status).toBe(403);
    expect(viewer.body.error.message).toMatch(/technician/);
    expect((await upload(siteId, parts, fx.otherToken)).status).toBe(404);

    const stored = await upload(siteId, parts);
    expect(stored.status).toBe(201);
    // Reading: a viewer of the tenant may; the other tenant may not know it exists.
    expect((await getAsset(siteId, stored.body.assetId, {}, fx.viewerToken)).status).toBe(200);
    expect((await getAsset(siteId, stored.body.assetId, {}, fx.otherToken)).status).toBe(404);
  });
});

describe('rpc body limits for methods that carry files', () => {
  it('lets sitemap.importOverlays take a body over server.bodyLimitBytes, but only from a signed-in caller', async () => {
    const siteId = await newSite();
    const rows = Array.from({ length: 300 }, (_, i) => `ov-${i},,Door ${i},,,`);
    const content = ['externalId,shapeId,label,bindingType,bindingTarget,layer', ...rows].join('\n');
    const input = { siteId, format: 'csv', content, dryRun: true };
    expect(JSON.stringify(input).length).toBeGreaterThan(4096); // the fixture's server.bodyLimitBytes

    const planned = await fx.rpc('sitemap.importOverlays', input, fx.adminToken);
    expect(planned.status).toBe(200);
    expect(planned.body.summary.created).toBe(300);

    expect((await fx.rpc('sitemap.importOverlays', input)).status).toBe(401);
    expect((await fx.rpc('sitemap.importOverlays', input, fx.viewerToken)).status).toBe(403);
    // Every other method keeps server.bodyLimitBytes.
    const other = await fx.rpc(
      'sitemap.saveOverlays',
      { siteId, upserts: [], deletes: [], pad: content },
      fx.adminToken,
    );
    expect(other.status).toBe(413);
    expect(other.body.error.message).toContain('server.bodyLimitBytes');
  });
});
