import { mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './index.js';
import { useServerFixture } from './test-support/server-fixture.js';

const fx = useServerFixture();

let server: RunningServer;
let dir: string;

const APP_JS = `export const rows = [${Array.from({ length: 400 }, (_, i) => `"row ${i}"`).join(',')}];\n`;
const INDEX = `<!doctype html><html lang="en"><head><title>Outpost UI</title><script type="module" src="/assets/app-1a2b.js"></script></head><body><div id="root"></div>${'<!-- padding -->'.repeat(80)}</body></html>`;

interface Raw {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${server.url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** A build as `npm run build:renderer` lays it out: files, their .br and .gz, and Vite's manifest. */
async function writeBuild(index: string): Promise<void> {
  await writeFile(join(dir, 'index.html'), index);
  await writeFile(join(dir, 'index.html.br'), brotliCompressSync(index));
  await writeFile(join(dir, 'index.html.gz'), gzipSync(index));
}

beforeAll(async () => {
  dir = join(fx.dataDir, 'renderer');
  await mkdir(join(dir, 'assets'), { recursive: true });
  await mkdir(join(dir, '.vite'), { recursive: true });
  await writeBuild(INDEX);
  await writeFile(join(dir, 'assets', 'app-1a2b.js'), APP_JS);
  await writeFile(join(dir, 'assets', 'app-1a2b.js.br'), brotliCompressSync(APP_JS));
  await writeFile(join(dir, 'assets', 'app-1a2b.js.gz'), gzipSync(APP_JS));
  await writeFile(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(join(dir, '.vite', 'manifest.json'), '{}');
  server = await startServer(fx.core, { logger: { level: 'silent' }, rendererDir: dir });
  fx.cleanups.push(() => server.close());
});

describe('the renderer, compressed at build time', () => {
  it('sends the coding the client prefers: the built file as it is on disk, with its exact length', async () => {
    const cases: Array<[string | undefined, string]> = [
      ['gzip, deflate, br, zstd', '.br'],
      ['gzip, deflate', '.gz'],
      ['br;q=0, gzip', '.gz'],
      ['br;q=0.5, gzip;q=0.8', '.gz'],
      ['br;q=0, gzip;q=0', ''],
      ['identity', ''],
      [undefined, ''],
    ];
    for (const [acceptEncoding, suffix] of cases) {
      const answer = await get('/assets/app-1a2b.js', acceptEncoding ? { 'accept-encoding': acceptEncoding } : {});
      const onDisk = await readFile(join(dir, 'assets', `app-1a2b.js${suffix}`));
      expect(answer.status, acceptEncoding).toBe(200);
      expect(answer.headers['content-encoding'], acceptEncoding).toBe(
        { '.br': 'br', '.gz': 'gzip', '': undefined }[suffix],
      );
      expect(answer.body.equals(onDisk), acceptEncoding).toBe(true);
      expect(Number(answer.headers['content-length']), acceptEncoding).toBe(onDisk.length);
      expect(answer.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(answer.headers.vary).toMatch(/accept-encoding/i);
      expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
  });

  it('gives each coding its own strong ETag, and answers 304 only to the tag of the coding sent', async () => {
    const tags = new Map<string, string>();
    for (const coding of ['br', 'gzip', 'identity']) {
      const answer = await get('/assets/app-1a2b.js', { 'accept-encoding': coding });
      expect(answer.headers.etag).toMatch(/^"[\w-]{20,}"$/);
      tags.set(coding, answer.headers.etag!);
    }
    expect(new Set(tags.values()).size).toBe(3);

    for (const [coding, etag] of tags) {
      const again = await get('/assets/app-1a2b.js', { 'accept-encoding': coding, 'if-none-match': etag });
      expect(again.status, coding).toBe(304);
      expect(again.body.length).toBe(0);
      expect(again.headers.etag).toBe(etag);
      expect(again.headers.vary).toMatch(/accept-encoding/i);
    }
    // A client that switched codings holds bytes of the other one: it gets the new bytes.
    const switched = await get('/assets/app-1a2b.js', { 'accept-encoding': 'gzip', 'if-none-match': tags.get('br')! });
    expect(switched.status).toBe(200);
    expect(switched.headers['content-encoding']).toBe('gzip');
  });

  it('serves index.html for / and every app page, negotiated, revalidated at each use', async () => {
    for (const path of ['/', '/events', '/settings/sites', '/wall/north-yard?env=staging', '/index.html']) {
      const br = await get(path, { 'accept-encoding': 'br' });
      expect(br.status, path).toBe(200);
      expect(br.headers['content-encoding'], path).toBe('br');
      expect(br.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(br.headers['cache-control'], path).toBe('no-cache');
      expect(br.body.equals(await readFile(join(dir, 'index.html.br')))).toBe(true);
      const revalidated = await get(path, { 'accept-encoding': 'br', 'if-none-match': br.headers.etag! });
      expect(revalidated.status, path).toBe(304);
    }
    const plain = await get('/events');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(INDEX);
  });

  it('answers HEAD with the headers of the GET and no body', async () => {
    const head = await get('/assets/app-1a2b.js', { 'accept-encoding': 'gzip' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-encoding']).toBe('gzip');
    expect(Number(head.headers['content-length'])).toBe((await readFile(join(dir, 'assets', 'app-1a2b.js.gz'))).length);
    expect(head.body.length).toBe(0);
  });

  it('sends small files as they are, hides build records, and answers JSON 404 for missing files', async () => {
    const icon = await get('/favicon.svg', { 'accept-encoding': 'br, gzip' });
    expect(icon.status).toBe(200);
    expect(icon.headers['content-encoding']).toBeUndefined();
    expect(icon.headers['content-type']).toBe('image/svg+xml');
    expect(icon.headers['cache-control']).toBe('no-cache');

    for (const path of ['/.vite/manifest.json', '/assets/gone-9z9z.js', '/assets/app-1a2b.js.br', '/../package.json']) {
      const missing = await get(path);
      expect(missing.status, path).toBe(404);
      expect(JSON.parse(missing.body.toString()).error.code, path).toBe('not_found');
    }
  });

  it('picks up a new build written under the running server', async () => {
    const before = await get('/', { 'accept-encoding': 'br' });
    const rebuilt = INDEX.replace('Outpost UI', 'Outpost UI, rebuilt');
    await writeBuild(rebuilt);
    const later = new Date(Date.now() + 5_000);
    await utimes(join(dir, 'index.html'), later, later);
    await new Promise((resolve) => setTimeout(resolve, 1_100));

    const after = await get('/', { 'accept-encoding': 'identity' });
    expect(after.body.toString()).toBe(rebuilt);
    const stale = await get('/', { 'accept-encoding': 'br', 'if-none-match': before.headers.etag! });
    expect(stale.status).toBe(200);
    expect(stale.headers.etag).not.toBe(before.headers.etag);
  });
});
