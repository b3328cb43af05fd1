import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClip, makeSnapshot } from '../../native/ffmpeg/test-support/index.js';
import { fetchBackoffMs } from './frigate-fetcher.js';
import { startMosquitto } from '../../e2e/support/mosquitto.js';
import { startMediaServer, type EventWithMedia, type MediaServer } from './test-support/media-server.js';

let dir: string;
let broker: { port: number; stop(): Promise<void> };
let frigate: Server;
let frigateUrl: string;
let ms: MediaServer;
const requests: { path: string; range: string | undefined }[] = [];
let snapshot: Buffer;
let clip: Buffer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'outpost-frigate-'));
  snapshot = readFileSync(makeSnapshot(dir));
  clip = readFileSync(makeClip(dir, { seconds: 3, faststart: false }));

  broker = await startMosquitto();

  // A Frigate-compatible stub: the clip is not ready at the first ask (404), then its first
  // download breaks off halfway, then it is served with Range, as Frigate does.
  let clipAsks = 0;
  frigate = createServer((req, res) => {
    requests.push({ path: req.url ?? '', range: req.headers.range });
    if (req.url === '/api/events/1714564800.1-abc/snapshot.jpg') {
      res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': snapshot.length }).end(snapshot);
      return;
    }
    if (req.url === '/api/events/1714564800.1-abc/clip.mp4') {
      clipAsks++;
      if (clipAsks === 1) {
        res.writeHead(404).end('not ready');
        return;
      }
      if (clipAsks === 2) {
        res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': clip.length });
        // Cut only once the half has had time to reach the fetcher's file: a cut in the same instant
        // can drop bytes still in flight, and the fetcher would rightly start over without Range.
        res.write(clip.subarray(0, Math.floor(clip.length / 2)), () => setTimeout(() => res.destroy(), 300));
        return;
      }
      const match = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
      const start = match ? Number(match[1]) : 0;
      res.writeHead(match ? 206 : 200, {
        'content-type': 'video/mp4',
        'content-length': clip.length - start,
        ...(match ? { 'content-range': `bytes ${start}-${clip.length - 1}/${clip.length}` } : {}),
      });
      res.end(clip.subarray(start));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => frigate.listen(0, '127.0.0.1', resolve));
  const address = frigate.address();
  frigateUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  ms = await startMediaServer();
});

afterAll(async () => {
  await ms?.close();
  await new Promise<void>((resolve) => (frigate ? frigate.close(() => resolve()) : resolve()));
  await broker?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('Frigate media', () => {
  it('fetches the snapshot and clip of an ended event from Frigate’s API and attaches them, through a 404 and a broken download', async () => {
    await ms.rpc('sources.create', {
      kind: 'mqtt',
      name: 'Frigate',
      config: { url: `mqtt://127.0.0.1:${broker.port}`, topics: ['frigate/events'], frigateApiUrl: frigateUrl },
    });
    const client = await connectAsync(`mqtt://127.0.0.1:${broker.port}`);
    const after = {
      id: '1714564800.1-abc',
      camera: 'gate',
      label: 'person',
      start_time: Date.now() / 1000 - 10,
      has_snapshot: true,
      has_clip: true,
    };
    // The source subscribes asynchronously after creation: publish until the event shows up.
    let events: { items: EventWithMedia[] } = { items: [] };
    for (let i = 0; i < 100 && events.items.length === 0; i++) {
      await client.publishAsync('frigate/events', JSON.stringify({ type: 'new', before: after, after }), { qos: 1 });
      await new Promise((r) => setTimeout(r, 100));
      events = await ms.rpc('events.list', {});
    }
    await client.publishAsync(
      'frigate/events',
      JSON.stringify({ type: 'end', before: after, after: { ...after, end_time: Date.now() / 1000 } }),
      { qos: 1 },
    );
    await client.endAsync();

    let event: EventWithMedia | undefined;
    for (let i = 0; i < 150; i++) {
      event = await ms.rpc<EventWithMedia>('events.get', { id: events.items[0]!.id });
      if (event.media.length === 2) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(event!.media.map((m) => m.kind).sort()).toEqual(['clip', 'snapshot']);
    const clipRef = event!.media.find((m) => m.kind === 'clip')!;
    expect(clipRef.meta).toMatchObject({ codec: 'h264', width: 320 });
    // The broken download went on with Range rather than starting over.
    const clipAsks = requests.filter((r) => r.path.endsWith('/clip.mp4'));
    expect(clipAsks.length).toBe(3);
    expect(clipAsks[2]!.range).toMatch(/^bytes=\d+-$/);
    const served = await fetch(`${ms.server.url}/api/media/${clipRef.id}`, {
      headers: { authorization: `Bearer ${ms.token}` },
    });
    expect(served.status).toBe(200);
    const bytes = Buffer.from(await served.arrayBuffer());
    // Playable at once: the index was moved to the front.
    expect(bytes.indexOf('moov')).toBeLessThan(bytes.indexOf('mdat'));
  }, 60_000);

  it('backs off from 1 s, doubling, to at most 5 minutes, with jitter', () => {
    expect(fetchBackoffMs(0, () => 0.5)).toBe(1000);
    expect(fetchBackoffMs(3, () => 0.5)).toBe(8000);
    expect(fetchBackoffMs(20, () => 0.5)).toBe(300_000);
    expect(fetchBackoffMs(0, () => 0)).toBe(800);
  });
});
