import { createHash } from 'node:crypto';
import { createServer, get, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { answer, useServerFixture, type Answer } from '../../server/test-support/index.js';

// Its status upstreams listen on loopback, which the outbound guard refuses unless an admin allows it.
const fx = useServerFixture({ otherTenant: true, config: { outbound: { allow: ['127.0.0.0/8'] } } });

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const PNG_2 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const OVERLAY = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">' +
    '<rect id="gate-1" x="0" y="0" width="10" height="10"/><circle id="pump-2" cx="50" cy="50" r="5"/></svg>',
);
const SLUG = 'north-yard';
const ASSET_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'";
const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

const pub = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${fx.server.url}/api/public/${path}`, { headers });

async function upload(siteId: string, kind: 'basemap' | 'overlay', data: Buffer, name: string): Promise<Answer> {
  const form = new FormData();
  form.append('kind', kind);
  form.append('file', new Blob([new Uint8Array(data)]), name);
  const result = await fetch(`${fx.server.url}/api/sites/${siteId}/assets`, {
    method: 'POST',
    headers: { authorization: `Bearer ${fx.adminToken}` },
    body: form,
  }).then(answer);
  expect(result.status).toBe(201);
  return result;
}

async function ok(method: string, input: unknown, token = fx.adminToken): Promise<Answer['body']> {
  const result = await fx.rpc(method, input, token);
  expect(result.status, `${method}: ${JSON.stringify(result.body)}`).toBe(200);
  return result.body;
}

async function expectNotPublished(response: Response): Promise<string> {
  expect(response.status).toBe(404);
  expect(response.headers.get('access-control-allow-origin')).toBe('*');
  expect(response.headers.get('cache-control')).toBe('no-store');
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe('not_found');
  return body.error.message;
}

/** A GET with exactly these headers (fetch would ask for gzip and decode it out of sight). */
function rawGet(
  path: string,
  headers: Record<string, string>,
): Promise<{ headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(`${fx.server.url}/api/public/${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

/** Starts a status API that always fails, so the site's source never answers. */
async function failingUpstream(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => res.writeHead(500).end('down'));
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/status`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// The tests of this file build on one another: a site, published, edited, published again, rolled back.
let siteId: string;
let v1: { sha256: string; publishedAt: number; json: string };

describe('GET /api/public/{slug}/release.json', () => {
  it('serves the current production release: exact bytes, strong ETag, public cache, CORS, 304 on a match', async () => {
    siteId = (await ok('sites.create', { name: 'North yard', slug: SLUG })).id;
    await upload(siteId, 'basemap', PNG, 'yard.png');
    await upload(siteId, 'overlay', OVERLAY, 'overlay.svg');
    const published = await ok('releases.publish', { siteId, env: 'production', note: 'first' });

    const response = await pub(`${SLUG}/release.json`);
    expect(response.status).toBe(200);
    const json = await response.text();
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('etag')).toBe(`"${published.sha256}"`);
    expect(sha256(json)).toBe(published.sha256);
    expect(response.headers.get('cache-control')).toBe('public, max-age=30');
    expect(response.headers.get('last-modified')).toBe(new Date(published.publishedAt).toUTCString());
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-expose-headers')).toContain('ETag');
    const manifest = JSON.parse(json);
    expect(manifest).toMatchObject({ version: published.version, env: 'production', site: { slug: SLUG } });
    expect(manifest.overlays.map((o: { externalId: string }) => o.externalId).sort()).toEqual(['gate-1', 'pump-2']);
    v1 = { sha256: published.sha256, publishedAt: published.publishedAt, json };

    for (const tag of [`"${published.sha256}"`, `W/"${published.sha256}"`, `"other", "${published.sha256}"`]) {
      const cached = await pub(`${SLUG}/release.json`, { 'if-none-match': tag });
      expect(cached.status, tag).toBe(304);
      expect(await cached.text()).toBe('');
      expect(cached.headers.get('etag')).toBe(`"${published.sha256}"`);
      expect(cached.headers.get('cache-control')).toBe('public, max-age=30');
    }
    expect((await pub(`${SLUG}/release.json`, { 'if-none-match': '"something-else"' })).status).toBe(200);
  });

  it('serves staging with ?env=staging once published there, and refuses any other env with 400 naming env', async () => {
    await expectNotPublished(await pub(`${SLUG}/release.json?env=staging`));
    const staged = await ok('releases.publish', { siteId, env: 'staging' });
    const response = await pub(`${SLUG}/release.json?env=staging`);
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe(`"${staged.sha256}"`);
    expect(JSON.parse(await response.text())).toMatchObject({ env: 'staging', version: staged.version });
    // Production did not move.
    expect((await pub(`${SLUG}/release.json?env=production`)).headers.get('etag')).toBe(`"${v1.sha256}"`);

    const bad = await pub(`${SLUG}/release.json?env=preview`).then(answer);
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues).toEqual([{ path: 'env', message: expect.any(String) }]);
    expect(bad.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('answers the same 404 for unknown, malformed and unpublished slugs, including another tenant’s', async () => {
    await ok('sites.create', { name: 'Globex depot', slug: 'globex-depot' }, fx.otherToken);
    await ok('sites.create', { name: 'Unpublished', slug: 'not-yet' });
    const messages = new Set<string>();
    for (const slug of ['no-such-site', 'Bad_Slug', 'a', 'x'.repeat(65), 'double--dash', 'globex-depot', 'not-yet']) {
      messages.add(await expectNotPublished(await pub(`${encodeURIComponent(slug)}/release.json`)));
      messages.add(await expectNotPublished(await pub(`${encodeURIComponent(slug)}/status`)));
    }
    expect(messages.size).toBe(1);
  });

  it('never shows the draft: edits after publishing leave release.json as it was', async () => {
    await ok('sitemap.saveOverlays', {
      siteId,
      upserts: [{ externalId: 'draft-only', shapeId: null, label: 'Not yet published', binding: null }],
      deletes: [],
    });
    const response = await pub(`${SLUG}/release.json`);
    expect(response.headers.get('etag')).toBe(`"${v1.sha256}"`);
    const text = await response.text();
    expect(text).toBe(v1.json);
    expect(text).not.toContain('draft-only');
  });

  it('follows publish and rollback: a new ETag for a new release, the old one back after rolling back', async () => {
    const v3 = await ok('releases.publish', { siteId, env: 'production', note: 'with draft-only' });
    const newer = await pub(`${SLUG}/release.json`, { 'if-none-match': `"${v1.sha256}"` });
    expect(newer.status).toBe(200); // the client's copy is out of date
    expect(newer.headers.get('etag')).toBe(`"${v3.sha256}"`);
    expect(await newer.text()).toContain('draft-only');

    await ok('releases.rollback', { siteId, env: 'production', version: 1 });
    const back = await pub(`${SLUG}/release.json`, { 'if-none-match': `"${v3.sha256}"` });
    expect(back.status).toBe(200);
    expect(back.headers.get('etag')).toBe(`"${v1.sha256}"`);
    expect(await back.text()).toBe(v1.json);
  });
});

describe('GET /api/public/{slug}/assets/{sha256}', () => {
  it("serves the current release's files immutably, with Range, and never a draft-only file", async () => {
    const manifest = JSON.parse(v1.json) as { assets: Array<{ role: string; sha256: string; size: number }> };
    const basemap = manifest.assets.find((a) => a.role === 'basemap')!;
    expect(basemap.sha256).toBe(sha256(PNG));

    const response = await pub(`${SLUG}/assets/${basemap.sha256}`);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(PNG)).toBe(true);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('etag')).toBe(`"${basemap.sha256}"`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toBe(ASSET_CSP);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    // An <img> on a wall board's own origin may show it.
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');

    const part = await pub(`${SLUG}/assets/${basemap.sha256}`, { range: 'bytes=0-7' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 0-7/${PNG.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(PNG.subarray(0, 8))).toBe(true);
    expect((await pub(`${SLUG}/assets/${basemap.sha256}`, { 'if-none-match': `"${basemap.sha256}"` })).status).toBe(
      304,
    );

    const overlay = manifest.assets.find((a) => a.role === 'overlay')!;
    const svg = await pub(`${SLUG}/assets/${overlay.sha256}`);
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    expect(svg.headers.get('content-security-policy')).toBe(ASSET_CSP);

    // A new base map in the draft only: not reachable until published.
    await upload(siteId, 'basemap', PNG_2, 'yard-2.png');
    const draft = await ok('sitemap.get', { siteId });
    expect(draft.basemap.sha256).toBe(sha256(PNG_2));
    await expectNotPublished(await pub(`${SLUG}/assets/${draft.basemap.sha256}`));
    await expectNotPublished(await pub(`${SLUG}/assets/not-a-hash`));
    // Nor through another slug.
    await expectNotPublished(await pub(`no-such-site/assets/${basemap.sha256}`));
  });
});

describe('GET /api/public/{slug}/status', () => {
  it("answers the published release's overlays with statuses and legend, cached briefly by anyone", async () => {
    const response = await pub(`${SLUG}/status`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('public, max-age=5');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const body = (await response.json()) as Answer['body'];
    expect(body).toMatchObject({
      site: { slug: SLUG, name: 'North yard' },
      env: 'production',
      version: 1,
      stale: expect.any(Boolean),
      ageMs: expect.any(Number),
    });
    // The rolled-back release 1 has no draft-only overlay.
    expect(body.items.map((i: { externalId: string }) => i.externalId).sort()).toEqual(['gate-1', 'pump-2']);
    for (const item of body.items) expect(item.status).toEqual(expect.any(String));
    expect(body.legend.length).toBeGreaterThan(0);

    const bad = await pub(`${SLUG}/status?env=nope`).then(answer);
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toBe('env');
  });

  it('answers 503 with Retry-After while the status source has never answered', async () => {
    const upstream = await failingUpstream();
    fx.cleanups.push(() => upstream.close());
    const site = await ok('sites.create', { name: 'South yard', slug: 'south-yard' });
    await upload(site.id, 'overlay', OVERLAY, 'overlay.svg');
    await ok('integrations.set', {
      siteId: site.id,
      kind: 'external',
      external: { url: upstream.url, listPath: '$.items', idField: 'id', statusField: 'state' },
    });
    await ok('releases.publish', { siteId: site.id, env: 'production' });

    const response = await pub('south-yard/status');
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).not.toBeNull();
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('unavailable');
    expect(body.error.message).toMatch(/has not answered/);
    expect(body.error.message).not.toContain('127.0.0.1'); // the upstream's address is not the public's business
  });
});

describe('public routes, around the edges', () => {
  it('gzip release.json and status for clients that ask, with the same ETag, and plain bytes for the others', async () => {
    // Enough overlays for a release.json worth compressing (a tiny one goes out as it is).
    const site = await ok('sites.create', { name: 'East yard', slug: 'east-yard' });
    const rows = Array.from({ length: 100 }, (_, i) => `door-${i},,Door ${i},device,dev-${i},`);
    const content = ['externalId,shapeId,label,bindingType,bindingTarget,layer', ...rows].join('\n');
    await ok('sitemap.importOverlays', { siteId: site.id, format: 'csv', content, dryRun: false });
    const published = await ok('releases.publish', { siteId: site.id, env: 'production' });

    for (const path of ['east-yard/release.json', 'east-yard/status']) {
      const plain = await rawGet(path, {});
      expect(plain.headers['content-encoding'], path).toBeUndefined();
      expect(plain.headers.vary).toMatch(/Accept-Encoding/i);
      const zipped = await rawGet(path, { 'accept-encoding': 'gzip, deflate, br' });
      expect(zipped.headers['content-encoding'], path).toBe('gzip');
      expect(zipped.headers.vary).toMatch(/Accept-Encoding/i);
      const decoded = gunzipSync(zipped.body);
      if (path.endsWith('release.json')) {
        expect(decoded.equals(plain.body)).toBe(true);
        expect(sha256(decoded)).toBe(published.sha256);
        expect(zipped.headers.etag).toBe(`"${published.sha256}"`);
        expect(plain.headers.etag).toBe(`"${published.sha256}"`);
      } else {
        // Only the age differs between two status answers.
        const { ageMs: _a, ...a } = JSON.parse(decoded.toString('utf8')) as Record<string, unknown>;
        const { ageMs: _b, ...b } = JSON.parse(plain.body.toString('utf8')) as Record<string, unknown>;
        expect(a).toEqual(b);
      }
    }
  });

  it('answers a CORS preflight for scripts that send If-None-Match or Range themselves', async () => {
    const response = await fetch(`${fx.server.url}/api/public/${SLUG}/release.json`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://wallboard.example',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'if-none-match',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-headers')).toMatch(/If-None-Match/i);
  });

  it('are listed in the OpenAPI document as public (no bearer)', async () => {
    const doc = (await fetch(`${fx.server.url}/docs/openapi.json`).then(answer)).body;
    for (const path of [
      '/api/public/{slug}/release.json',
      '/api/public/{slug}/status',
      '/api/public/{slug}/assets/{sha256}',
    ]) {
      expect(doc.paths[path]?.get?.security, path).toEqual([]);
    }
    expect(doc.paths['/api/sites/{siteId}/assets'].post.responses['201']).toBeDefined();
    expect(doc.paths['/api/sites/{siteId}/assets/{assetId}'].get).toBeDefined();
  });
});
