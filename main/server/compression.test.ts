import { createHash } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { COMPRESS_THRESHOLD_BYTES, keepsOwnCoding } from './compression.js';
import { useServerFixture } from './test-support/server-fixture.js';

const fx = useServerFixture();

interface Raw {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A request with exactly these headers, the body as sent (fetch would decode it out of sight). */
function raw(path: string, headers: Record<string, string>, body?: unknown): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${fx.server.url}${path}`,
      {
        method: body === undefined ? 'GET' : 'POST',
        headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

const bearer = () => ({ authorization: `Bearer ${fx.adminToken}` });

function decode(answer: Raw): Buffer {
  const coding = answer.headers['content-encoding'];
  if (coding === 'br') return brotliDecompressSync(answer.body);
  if (coding === 'gzip') return gunzipSync(answer.body);
  expect(coding).toBeUndefined();
  return answer.body;
}

/** A site whose draft has `count` overlays: its sitemap.get answer is several kilobytes of JSON. */
async function siteWithOverlays(slug: string, count: number): Promise<string> {
  const site = (await fx.rpc('sites.create', { name: `Yard ${slug}`, slug }, fx.adminToken)).body as { id: string };
  const rows = Array.from({ length: count }, (_, i) => `door-${i},,Door ${i},device,dev-${i},`);
  const content = ['externalId,shapeId,label,bindingType,bindingTarget,layer', ...rows].join('\n');
  const imported = await fx.rpc(
    'sitemap.importOverlays',
    { siteId: site.id, format: 'csv', content, dryRun: false },
    fx.adminToken,
  );
  expect(imported.status).toBe(200);
  return site.id;
}

/** An overlay SVG of 60 shapes: over the threshold, and of a type that compresses well. */
async function uploadOverlay(siteId: string): Promise<{ assetId: string }> {
  const shapes = Array.from({ length: 60 }, (_, i) => `<rect id="r${i}" x="${i}" y="0" width="1" height="1"/>`);
  const svg = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 10">${shapes.join('')}</svg>`);
  expect(svg.length).toBeGreaterThan(COMPRESS_THRESHOLD_BYTES);
  const form = new FormData();
  form.append('kind', 'overlay');
  form.append('file', new Blob([new Uint8Array(svg)]), 'rooms.svg');
  const uploaded = await fetch(`${fx.server.url}/api/sites/${siteId}/assets`, {
    method: 'POST',
    headers: bearer(),
    body: form,
  });
  expect(uploaded.status).toBe(201);
  return (await uploaded.json()) as { assetId: string };
}

describe('API answers compressed on the fly', () => {
  it('sends a large JSON answer as brotli or gzip as the client prefers, the same JSON either way', async () => {
    const siteId = await siteWithOverlays('big-yard', 80);
    const call = (encoding?: string) =>
      raw('/api/rpc/sitemap.get', { ...bearer(), ...(encoding ? { 'accept-encoding': encoding } : {}) }, { siteId });

    const plain = await call();
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(COMPRESS_THRESHOLD_BYTES);

    const br = await call('gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.body.length).toBeLessThan(plain.body.length / 2);
    if (br.headers['content-length'] !== undefined) expect(Number(br.headers['content-length'])).toBe(br.body.length);
    expect(JSON.parse(decode(br).toString())).toEqual(JSON.parse(plain.body.toString()));

    const gzip = await call('br;q=0, gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(decode(gzip).toString())).toEqual(JSON.parse(plain.body.toString()));

    const refused = await call('br;q=0, gzip;q=0');
    expect(refused.headers['content-encoding']).toBeUndefined();
  });

  it('leaves a small answer as it is', async () => {
    const me = await raw('/api/rpc/auth.me', { ...bearer(), 'accept-encoding': 'br, gzip' }, {});
    expect(me.status).toBe(200);
    expect(me.body.length).toBeLessThan(COMPRESS_THRESHOLD_BYTES);
    expect(me.headers['content-encoding']).toBeUndefined();
  });

  it('compresses the OpenAPI document', async () => {
    const doc = await raw('/docs/openapi.json', { 'accept-encoding': 'br' });
    expect(doc.headers['content-encoding']).toBe('br');
    expect(JSON.parse(decode(doc).toString()).openapi).toMatch(/^3\./);
  });

  it("marks a route's ETag weak when it compressed the answer, and still answers 304 to it", async () => {
    const siteId = await siteWithOverlays('draft-yard', 1);
    const uploaded = await uploadOverlay(siteId);
    const path = `/api/sites/${siteId}/assets/${uploaded.assetId}`;
    const plain = await raw(path, bearer());
    expect(plain.headers.etag).toMatch(/^"[0-9a-f]{64}"$/);
    const br = await raw(path, { ...bearer(), 'accept-encoding': 'br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.etag).toBe(`W/${plain.headers.etag}`);
    expect(decode(br).equals(plain.body)).toBe(true);
    const again = await raw(path, { ...bearer(), 'accept-encoding': 'br', 'if-none-match': br.headers.etag! });
    expect(again.status).toBe(304);
  });
});

describe('answers that are never compressed on the way out', () => {
  it('knows them by URL, wherever their route is registered', () => {
    for (const url of [
      '/api/events',
      '/api/media/:sha256',
      '/api/public/:slug/release.json',
      '/api/public/:slug/status',
      '/api/public/:slug/assets/:sha256',
    ]) {
      expect(keepsOwnCoding(url), url).toBe(true);
    }
    for (const url of ['/api/rpc/:method', '/docs/openapi.json', '/metrics', '/api/eventsource-like']) {
      expect(keepsOwnCoding(url), url).toBe(false);
    }
  });

  it('streams Server-Sent Events uncompressed: the first line arrives at once, in plain text', async () => {
    const controller = new AbortController();
    const first = await new Promise<{ headers: IncomingHttpHeaders; chunk: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no bytes from /api/events within 3 s')), 3000);
      const req = httpRequest(
        `${fx.server.url}/api/events?topics=sites.changed`,
        { headers: { ...bearer(), 'accept-encoding': 'br, gzip' }, signal: controller.signal },
        (res) => {
          res.once('data', (chunk: Buffer) => {
            clearTimeout(timer);
            resolve({ headers: res.headers, chunk: chunk.toString('utf8') });
          });
        },
      );
      req.on('error', (err) => (controller.signal.aborted ? undefined : reject(err)));
      req.end();
    });
    try {
      expect(first.headers['content-type']).toMatch(/^text\/event-stream/);
      expect(first.headers['content-encoding']).toBeUndefined();
      expect(first.chunk).toContain(': subscribed to sites.changed');
    } finally {
      controller.abort();
    }
  });

  it('answers a Range on a public SVG with 206 and exactly those bytes, even to a client asking for brotli', async () => {
    const siteId = await siteWithOverlays('svg-yard', 1);
    await uploadOverlay(siteId);
    const published = await fx.rpc('releases.publish', { siteId, env: 'production' }, fx.adminToken);
    expect(published.status).toBe(200);
    const release = JSON.parse(
      decode(await raw('/api/public/svg-yard/release.json', { 'accept-encoding': 'br, gzip' })).toString(),
    ) as { assets: Array<{ role: string; sha256: string; size: number }> };
    const overlay = release.assets.find((a) => a.role === 'overlay')!;
    const path = `/api/public/svg-yard/assets/${overlay.sha256}`;

    const whole = await raw(path, { 'accept-encoding': 'br, gzip' });
    expect(whole.status).toBe(200);
    expect(whole.headers['content-encoding']).toBeUndefined();
    expect(createHash('sha256').update(whole.body).digest('hex')).toBe(overlay.sha256);

    const part = await raw(path, { 'accept-encoding': 'br, gzip', range: 'bytes=10-109' });
    expect(part.status).toBe(206);
    expect(part.headers['content-encoding']).toBeUndefined();
    expect(part.headers['content-range']).toBe(`bytes 10-109/${whole.body.length}`);
    expect(Number(part.headers['content-length'])).toBe(100);
    expect(part.body.equals(whole.body.subarray(10, 110))).toBe(true);
  });

  it('gzips release.json once: a client asking for brotli and gzip gets the cached gzip, not brotli over it', async () => {
    const siteId = await siteWithOverlays('release-yard', 100);
    expect((await fx.rpc('releases.publish', { siteId, env: 'production' }, fx.adminToken)).status).toBe(200);
    const answer = await raw('/api/public/release-yard/release.json', { 'accept-encoding': 'br, gzip' });
    expect(answer.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(answer.body).toString()).site.slug).toBe('release-yard');
  });
});
