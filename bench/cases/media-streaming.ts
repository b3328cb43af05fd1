import { chmodSync, mkdtempSync, readFileSync, rmSync, truncateSync } from 'node:fs';
import { Agent, get, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blobPath } from '../../main/media/index.js';
import { startMediaServer } from '../../main/media/test-support/index.js';
import { makeSnapshot } from '../../native/ffmpeg/test-support/index.js';
import { summarize } from '../lib/stats.js';
import type { BenchCase } from '../lib/types.js';

const GB = 1024 ** 3;

/** Milliseconds from sending a GET to the first body byte. */
/** A player keeps its connection open between seeks. */
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function firstByte(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(url, { headers, agent }, (res) => {
      let ms: number | undefined;
      res.on('data', () => {
        ms ??= performance.now() - started;
      });
      res.once('end', () => resolve(ms ?? performance.now() - started));
      res.once('error', reject);
    });
    req.once('error', reject);
    req.end();
  });
}

const benchCase: BenchCase = {
  name: 'media-streaming',
  description:
    'GET /api/media/{id} on a 1 GB file (sparse, in the blob store): time to the first byte of a random single Range ' +
    '(1 MiB ranges read to the end, sequential, bearer token, one kept-alive connection as a player has), and loopback throughput of the whole file.',
  async run(ctx) {
    ctx.note(
      'Core and HTTP server in the bench process (main/media/test-support/media-server.ts), client on loopback.',
    );
    const dir = mkdtempSync(join(tmpdir(), 'outpost-bench-stream-'));
    const ms = await startMediaServer({ rateLimit: { burst: 100_000, refillPerSecond: 100_000 } });
    try {
      const event = await ms.postEvent('snapshot', readFileSync(makeSnapshot(dir)));
      const media = event.media[0]!;
      const file = blobPath(join(ms.dataDir, 'blobs'), media.sha256);
      chmodSync(file, 0o644);
      truncateSync(file, GB);
      const url = `${ms.server.url}/api/media/${media.id}`;
      const auth = { authorization: `Bearer ${ms.token}` };
      const n = ctx.quick ? 50 : 500;
      for (let i = 0; i < 20; i++) await firstByte(url, { ...auth, range: 'bytes=0-65535' });
      const times: number[] = [];
      for (let i = 0; i < n; i++) {
        const start = Math.floor(Math.random() * (GB - 1_048_576));
        times.push(await firstByte(url, { ...auth, range: `bytes=${start}-${start + 1_048_575}` }));
      }
      const started = performance.now();
      const bytes = await new Promise<number>((resolve, reject) => {
        get(url, { headers: auth }, (res) => {
          let n = 0;
          res.on('data', (chunk: Buffer) => (n += chunk.length));
          res.once('end', () => resolve(n));
          res.once('error', reject);
        }).once('error', reject);
      });
      const seconds = (performance.now() - started) / 1000;
      return [
        {
          name: 'Range first byte',
          unit: 'ms' as const,
          ...summarize(times),
          aim: { stat: 'p95', op: '<=', target: 20 },
        },
        {
          name: 'loopback streaming throughput (1 GB, one connection)',
          unit: 'MB/s',
          value: Math.round(bytes / 1_048_576 / seconds),
          aim: { stat: 'value', op: '>=', target: 500 },
          note: 'node:http client in the same process as the server: both share the two cores',
        },
      ];
    } finally {
      await ms.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
export default benchCase;
