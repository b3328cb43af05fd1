import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { extract } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMediaServer, type MediaServer } from '../media/test-support/index.js';
import { CoreClient } from './core-client.js';
import { serveCore } from './core-server.js';
import { createMediaHandler } from './media-handler.js';
import { portPair } from './test-support/index.js';

// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

let media: MediaServer;
let handler: (request: Request) => Promise<Response>;
let link: string;
let mediaId: string;
let sha256: string;
let eventOf: string;

const get = (url: string, headers: Record<string, string> = {}) =>
  handler(new Request(`outpost://app${url}`, { headers }));

beforeAll(async () => {
  media = await startMediaServer();
  // The desktop path end to end: main's handler asks the real Core over the port, as main.ts wires it.
  const [mainEnd, coreEnd] = portPair();
  serveCore(media.core, coreEnd);
  const client = new CoreClient(mainEnd);
  coreEnd.postMessage({ type: 'ready' });
  handler = createMediaHandler({
    resolve: (id, t) => client.mediaFile(id, t),
    mediaRoot: join(media.dataDir, 'blobs'),
    resolveExport: (id, t) => client.exportFile(id, t),
    exportRoot: join(media.dataDir, 'exports'),
  });
  const event = await media.postEvent('snapshot', PNG);
  mediaId = event.media[0]!.id;
  eventOf = event.id;
  sha256 = event.media[0]!.sha256;
  link = (await media.rpc<{ url: string }>('media.get', { id: mediaId })).url;
}, 60_000);

afterAll(async () => {
  await media?.close();
});

describe('desktop media over outpost://app/api/media (signed links, as in serve mode)', () => {
  it('serves the whole file with its type and hash as ETag', async () => {
    const response = await get(link);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('etag')).toBe(`"${sha256}"`);
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(PNG);
  });

  it('answers single, open and suffix ranges so a player can seek, and 416 past the end', async () => {
    const middle = await get(link, { range: 'bytes=8-15' });
    expect(middle.status).toBe(206);
    expect(middle.headers.get('content-range')).toBe(`bytes 8-15/${PNG.length}`);
    expect(Buffer.from(await middle.arrayBuffer())).toEqual(PNG.subarray(8, 16));
    const open = await get(link, { range: `bytes=${PNG.length - 4}-` });
    expect(Buffer.from(await open.arrayBuffer())).toEqual(PNG.subarray(-4));
    const suffix = await get(link, { range: 'bytes=-3' });
    expect(Buffer.from(await suffix.arrayBuffer())).toEqual(PNG.subarray(-3));
    const past = await get(link, { range: `bytes=${PNG.length}-` });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${PNG.length}`);
  });

  it('honours If-None-Match and If-Range, and names the file for ?download=1', async () => {
    expect((await get(link, { 'if-none-match': `"${sha256}"` })).status).toBe(304);
    expect((await get(link, { range: 'bytes=0-1', 'if-range': '"another"' })).status).toBe(200);
    const download = await get(`${link}&download=1`);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.png"/);
  });

  it('refuses a missing, forged or other file’s link, and never a session-less read', async () => {
    expect((await get(`/api/media/${mediaId}`)).status).toBe(401);
    expect((await get(`/api/media/${mediaId}?t=forged`)).status).toBe(401);
    const event = await media.postEvent('snapshot', Buffer.concat([PNG, Buffer.from('other')]));
    const other = event.media[0]!.id;
    const stolen = await get(`/api/media/${other}?${new URL(link, 'outpost://app').searchParams}`);
    expect(stolen.status).toBe(401);
    expect(((await stolen.json()) as { error: { message: string } }).error.message).toBeTruthy();
  });

  it('opens nothing outside the media folder, whatever the Core answers', async () => {
    const outside = join(media.dataDir, 'outside.txt');
    writeFileSync(outside, 'not media');
    const guarded = createMediaHandler({
      resolve: async () => ({
        ok: true,
        result: { path: outside, sha256, contentType: 'text/plain', size: 9, fileName: 'x.txt' },
      }),
      mediaRoot: join(media.dataDir, 'blobs'),
      resolveExport: async () => ({ ok: true, result: { path: outside, fileName: 'x.tar', size: 9 } }),
      exportRoot: join(media.dataDir, 'exports'),
    });
    expect((await guarded(new Request(`outpost://app/api/media/exports/${mediaId}?t=x`))).status).toBe(403);
    const response = await guarded(new Request(`outpost://app/api/media/${mediaId}?t=x`));
    expect(response.status).toBe(403);
    expect(await response.text()).toMatch(/outside Outpost’s media folder/);
  });

  it('answers an export as a tar download with its files, manifest and SHA-256 sums', async () => {
    const made = await media.rpc<{ url: string; fileName: string; files: number }>('media.export', {
      eventId: eventOf,
    });
    expect(made.files).toBe(1);
    const response = await get(made.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-tar');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="event-\w+\.tar"/);
    const entries = await untar(Buffer.from(await response.arrayBuffer()));
    expect([...entries.keys()]).toEqual([expect.stringMatching(/^files\/.+\.png$/), 'manifest.json', 'SHA256SUMS']);
    const [name, bytes] = [...entries][0]!;
    expect(bytes).toEqual(PNG);
    expect(entries.get('SHA256SUMS')!.toString()).toBe(`${sha256}  ${name}\n`);
    // A resumed download: the same tar, from where it stopped.
    const rest = await get(made.url, { range: 'bytes=512-' });
    expect(rest.status).toBe(206);
    expect(Number(rest.headers.get('content-length'))).toBe(Number(response.headers.get('content-length')) - 512);
  });

  it('refuses an export link that is forged or belongs to another export', async () => {
    const made = await media.rpc<{ url: string }>('media.export', { eventId: eventOf });
    const exportId = /exports\/([^?]+)/.exec(made.url)![1]!;
    expect((await get(`/api/media/exports/${exportId}?t=forged`)).status).toBe(401);
    expect((await get(`/api/media/exports/${exportId}`)).status).toBe(401);
    const query = new URL(made.url, 'outpost://app').search;
    expect((await get(`/api/media/exports/01ARZ3NDEKTSV4RRFFQ69G5FAV${query}`)).status).toBe(401);
  });
});

async function untar(tar: Buffer): Promise<Map<string, Buffer>> {
  const entries = new Map<string, Buffer>();
  const reader = extract();
  reader.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: unknown) => chunks.push(c as Buffer));
    stream.on('end', () => {
      entries.set(header.name, Buffer.concat(chunks));
      next();
    });
  });
  await new Promise<void>((resolve, reject) => {
    reader.on('finish', resolve).on('error', reject);
    reader.end(tar);
  });
  return entries;
}
