import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClip, makeSnapshot } from '../../native/ffmpeg/test-support/index.js';
import { startMediaServer, type EventWithMedia, type MediaServer } from './test-support/media-server.js';

let ms: MediaServer;
let dir: string;
let clipFile: Buffer;
let clip: EventWithMedia;

/** The order of an MP4's top-level boxes. */
function boxes(data: Buffer): string[] {
  const order: string[] = [];
  for (let at = 0; at + 8 <= data.length;) {
    const size = data.readUInt32BE(at);
    order.push(data.toString('latin1', at + 4, at + 8));
    if (size < 8) break;
    at += size;
  }
  return order;
}

const get = (path: string, headers: Record<string, string> = {}, token: string | null = ms.token) =>
  fetch(`${ms.server.url}${path}`, { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'outpost-stream-'));
  ms = await startMediaServer();
  clipFile = readFileSync(makeClip(dir, { seconds: 3, faststart: false }));
  clip = await ms.postEvent('clip', clipFile);
});
afterAll(async () => {
  await ms?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('media intake', () => {
  it('lists the event’s clip with its id, size and ffprobe metadata', () => {
    expect(clip.media).toHaveLength(1);
    const [m] = clip.media;
    expect(m!.id).toMatch(/^[0-9A-Z]{26}$/);
    expect(m).toMatchObject({ kind: 'clip', contentType: 'video/mp4', state: 'available' });
    expect(m!.meta).toMatchObject({ codec: 'h264', width: 320, height: 180, fps: 25 });
    expect(Number(m!.meta!.durationMs)).toBeGreaterThan(2900);
  });

  it('moves the index of a clip that arrived with it at the end to the front, without re-encoding', async () => {
    expect(boxes(clipFile).indexOf('moov')).toBeGreaterThan(boxes(clipFile).indexOf('mdat'));
    const served = Buffer.from(await (await get(`/api/media/${clip.media[0]!.id}`)).arrayBuffer());
    expect(boxes(served).indexOf('moov')).toBeLessThan(boxes(served).indexOf('mdat'));
    expect(Math.abs(served.length - clipFile.length)).toBeLessThan(4096);
  });

  it('refuses a corrupt clip and a non-media file with the reason, storing nothing', async () => {
    const corrupt = Buffer.concat([clipFile.subarray(0, 200), Buffer.alloc(4000, 0x55)]);
    const answer = await ms.post('clip', corrupt);
    expect(answer.status).toBe(422);
    const body = (await answer.json()) as { error: { code: string; message: string; issues: { path: string }[] } };
    expect(body.error.code).toBe('unprocessable');
    expect(body.error.message).toMatch(/The clip could not be read as a video: .+\. Send a complete, undamaged file\./);
    expect(body.error.issues[0]!.path).toBe('clip');
    const text = await ms.post('snapshot', Buffer.from('definitely not a picture'));
    expect(text.status).toBe(415);
    const events = await ms.rpc<{ items: unknown[] }>('events.list', {});
    expect(events.items).toHaveLength(1);
  });

  it('makes a WebP thumbnail and a preview strip, shown as media of their own', async () => {
    let info:
      { thumbnail: { id: string; url: string } | null; preview: { url: string; frames: number } | null } | undefined;
    for (let i = 0; i < 100 && !info?.preview; i++) {
      info = await ms.rpc('media.get', { id: clip.media[0]!.id });
      if (!info?.preview) await new Promise((r) => setTimeout(r, 100));
    }
    expect(info?.thumbnail).not.toBeNull();
    expect(info?.preview?.frames).toBe(10);
    const thumb = await fetch(`${ms.server.url}${info!.thumbnail!.url}`);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    const event = await ms.rpc<EventWithMedia>('events.get', { id: clip.id });
    expect(event.media[0]!.thumbnailId).toBe(info!.thumbnail!.id);
  });
});

describe('GET /api/media/{mediaId}', () => {
  const path = () => `/api/media/${clip.media[0]!.id}`;

  it('serves the whole clip with its type, length, ETag and Accept-Ranges', async () => {
    const answer = await get(path());
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('video/mp4');
    expect(answer.headers.get('accept-ranges')).toBe('bytes');
    expect(answer.headers.get('etag')).toBe(`"${clip.media[0]!.sha256}"`);
    expect(Number(answer.headers.get('content-length'))).toBe(clip.media[0]!.size);
    await answer.arrayBuffer();
  });

  it('answers the RFC 9110 range forms: single, open and suffix; 416 with bytes */N past the end', async () => {
    const size = clip.media[0]!.size;
    const whole = Buffer.from(await (await get(path())).arrayBuffer());
    const cases: [string, number, number][] = [
      ['bytes=0-99', 0, 99],
      ['bytes=100-', 100, size - 1],
      ['bytes=-500', size - 500, size - 1],
      [`bytes=${size - 10}-${size + 1000}`, size - 10, size - 1],
    ];
    for (const [range, start, end] of cases) {
      const answer = await get(path(), { range });
      expect(answer.status, range).toBe(206);
      expect(answer.headers.get('content-range')).toBe(`bytes ${start}-${end}/${size}`);
      expect(Buffer.from(await answer.arrayBuffer()).equals(whole.subarray(start, end + 1))).toBe(true);
    }
    const past = await get(path(), { range: `bytes=${size}-` });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${size}`);
    await past.arrayBuffer();
    // Malformed and multi-range requests get the whole file, as the RFC allows.
    for (const range of ['bytes=9-3', 'bytes=0-1,5-9', 'items=0-5']) {
      const answer = await get(path(), { range });
      expect(answer.status, range).toBe(200);
      await answer.arrayBuffer();
    }
  });

  it('resumes only the same file: If-Range with the ETag gives 206, a stale one the whole file; If-None-Match 304', async () => {
    const etag = `"${clip.media[0]!.sha256}"`;
    const resumed = await get(path(), { range: 'bytes=1000-', 'if-range': etag });
    expect(resumed.status).toBe(206);
    await resumed.arrayBuffer();
    const stale = await get(path(), { range: 'bytes=1000-', 'if-range': `"${'0'.repeat(64)}"` });
    expect(stale.status).toBe(200);
    await stale.arrayBuffer();
    expect((await get(path(), { 'if-none-match': etag })).status).toBe(304);
  });

  it('plays from a short-lived signed link without a header, bound to that file and tenant', async () => {
    const info = await ms.rpc<{ url: string; downloadUrl: string }>('media.get', { id: clip.media[0]!.id });
    const played = await get(info.url, { range: 'bytes=0-9' }, null);
    expect(played.status).toBe(206);
    await played.arrayBuffer();
    const download = await get(info.downloadUrl, {}, null);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="gate-.*-clip\.mp4"/);
    await download.arrayBuffer();
    const token = new URL(info.url, ms.server.url).searchParams.get('t')!;
    const forged = await get(`${path()}?t=${token.slice(0, -2)}xx`, {}, null);
    expect(forged.status).toBe(401);
    await forged.arrayBuffer();
    const snap = await ms.postEvent('snapshot', readFileSync(makeSnapshot(dir)));
    const elsewhere = await get(`/api/media/${snap.media[0]!.id}?t=${token}`, {}, null);
    expect(elsewhere.status).toBe(401);
    await elsewhere.arrayBuffer();
  });

  it('gives another tenant 404 for the same id, and asks for a token without one', async () => {
    const foreign = await get(path(), {}, ms.otherToken);
    expect(foreign.status).toBe(404);
    await foreign.arrayBuffer();
    const anonymous = await get(path(), {}, null);
    expect(anonymous.status).toBe(401);
    await anonymous.arrayBuffer();
  });
});

describe('keep and export', () => {
  it('keeps an event’s media and exports it as a tar with a manifest and SHA-256 sums', async () => {
    const kept = await ms.rpc<{ kept: boolean; files: number }>('media.protect', {
      eventId: clip.id,
      keep: true,
      note: 'case 41',
    });
    expect(kept).toEqual({ eventId: clip.id, kept: true, files: 1 });
    expect(
      (await ms.rpc<EventWithMedia & { media: { kept: boolean }[] }>('events.get', { id: clip.id })).media[0]!.kept,
    ).toBe(true);
    const made = await ms.rpc<{ url: string; files: number; bytes: number }>('media.export', { eventId: clip.id });
    expect(made.files).toBe(1);
    const tar = Buffer.from(await (await get(made.url, {}, null)).arrayBuffer());
    const text = tar.toString('latin1');
    expect(text).toContain('manifest.json');
    expect(text).toContain(`${clip.media[0]!.sha256}  files/gate-`);
    expect(text).toContain('"exportedBy": "admin@example.com"');
    expect(tar.length).toBeGreaterThan(clip.media[0]!.size);
  });
});
