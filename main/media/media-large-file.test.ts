import { readFileSync, rmSync, mkdtempSync, truncateSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeSnapshot } from '../../native/ffmpeg/test-support/index.js';
import { blobPath } from './index.js';
import { startMediaServer, type MediaServer } from './test-support/media-server.js';

const GB = 1024 ** 3;
let ms: MediaServer;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'outpost-large-'));
  ms = await startMediaServer();
});
afterAll(async () => {
  await ms?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('streams a 1 GB file with flat memory, and a range from its end at once', async () => {
  const event = await ms.postEvent('snapshot', readFileSync(makeSnapshot(dir)));
  const media = event.media[0]!;
  // The stored file grows to 1 GB (sparse: no disk is used); the server sends what is on disk.
  const file = blobPath(join(ms.dataDir, 'blobs'), media.sha256);
  chmodSync(file, 0o644);
  truncateSync(file, GB);

  const before = process.memoryUsage().rss;
  let peak = before;
  const answer = await fetch(`${ms.server.url}/api/media/${media.id}`, {
    headers: { authorization: `Bearer ${ms.token}` },
  });
  expect(answer.status).toBe(200);
  expect(Number(answer.headers.get('content-length'))).toBe(GB);
  let received = 0;
  let chunks = 0;
  const reader = answer.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.length;
    if (++chunks % 256 === 0) peak = Math.max(peak, process.memoryUsage().rss);
  }
  expect(received).toBe(GB);
  // Client and server share this process: neither may hold the file.
  expect(peak - before).toBeLessThan(128 * 1024 * 1024);

  const tail = await fetch(`${ms.server.url}/api/media/${media.id}`, {
    headers: { authorization: `Bearer ${ms.token}`, range: 'bytes=-1024' },
  });
  expect(tail.status).toBe(206);
  expect(tail.headers.get('content-range')).toBe(`bytes ${GB - 1024}-${GB - 1}/${GB}`);
  expect((await tail.arrayBuffer()).byteLength).toBe(1024);
}, 120_000);
