import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync } from 'mqtt';
import { startMosquitto } from '../../e2e/support/mosquitto.js';
import { startMediaServer } from '../../main/media/test-support/index.js';
import { makeClip } from '../../native/ffmpeg/test-support/index.js';
import { summarize } from '../lib/stats.js';
import type { BenchCase } from '../lib/types.js';

const benchCase: BenchCase = {
  name: 'media-frigate',
  description:
    'Time from a Frigate `end` message on MQTT (Mosquitto) to its clip playable in Outpost (GET /api/media/{id} answers 200), ' +
    'with a Frigate-compatible stub serving a 10 s 640×360 clip (index at the end) at once.',
  async run(ctx) {
    const dir = mkdtempSync(join(tmpdir(), 'outpost-bench-frigate-'));
    const clip = readFileSync(makeClip(dir, { seconds: 10, width: 640, height: 360 }));
    const broker = await startMosquitto();
    const stub = createServer((req, res) => {
      if (req.url?.endsWith('/clip.mp4')) res.writeHead(200, { 'content-type': 'video/mp4' }).end(clip);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
    const address = stub.address();
    const stubUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const ms = await startMediaServer();
    try {
      await ms.rpc('sources.create', {
        kind: 'mqtt',
        name: 'Frigate',
        config: { url: `mqtt://127.0.0.1:${broker.port}`, topics: ['frigate/events'], frigateApiUrl: stubUrl },
      });
      const client = await connectAsync(`mqtt://127.0.0.1:${broker.port}`);
      await new Promise((r) => setTimeout(r, 1000));
      const times: number[] = [];
      const runs = ctx.quick ? 3 : 15;
      for (let i = 0; i < runs; i++) {
        const after = {
          id: `bench-${i}-${Date.now()}`,
          camera: 'gate',
          label: 'car',
          start_time: Date.now() / 1000 - 10,
          has_clip: true,
        };
        const started = performance.now();
        await client.publishAsync('frigate/events', JSON.stringify({ type: 'end', before: after, after }), { qos: 1 });
        let playable = false;
        while (!playable && performance.now() - started < 30_000) {
          const events = await ms.rpc<{ items: { externalId: string | null; media: { id?: string }[] }[] }>(
            'events.list',
            { limit: 5 },
          );
          const id = events.items.find((e) => e.externalId === after.id)?.media[0]?.id;
          if (id) {
            const answer = await fetch(`${ms.server.url}/api/media/${id}`, {
              headers: { authorization: `Bearer ${ms.token}`, range: 'bytes=0-0' },
            });
            playable = answer.status === 206;
            await answer.arrayBuffer();
          }
          if (!playable) await new Promise((r) => setTimeout(r, 20));
        }
        if (!playable) throw new Error('a clip never became playable');
        times.push(performance.now() - started);
      }
      await client.endAsync();
      ctx.note(
        'The stub answers at once, so the figure is Outpost’s own part: commit, queue, fetch, ffprobe, faststart remux, attach.',
      );
      return [
        {
          name: 'Frigate end → clip playable',
          unit: 'ms' as const,
          ...summarize(times),
          aim: { stat: 'p95', op: '<=', target: 2000 },
        },
      ];
    } finally {
      await ms.close();
      await new Promise<void>((resolve) => stub.close(() => resolve()));
      await broker.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
export default benchCase;
