import { readFileSync } from 'node:fs';
import { makeSnapshot } from '../../native/ffmpeg/test-support/index.js';
import { startSliceFixture } from '../../main/media/test-support/index.js';
import { summarize } from '../lib/stats.js';
import type { BenchCase } from '../lib/types.js';

const benchCase: BenchCase = {
  name: 'media-thumbnails',
  description:
    'WebP thumbnails (175 px high) of 1280×720 JPEG snapshots by the media slice’s job (ffmpeg, batches of 8, 2 workers): ' +
    'per snapshot when many wait, and for a lone snapshot.',
  async run(ctx) {
    const f = await startSliceFixture();
    try {
      const source = readFileSync(makeSnapshot(f.dataDir, { width: 1280, height: 720 }));
      const n = ctx.quick ? 16 : 64;
      const add = async (i: number) => {
        const data = Buffer.concat([source, Buffer.from(`#${i}`)]);
        const ref = await f.slice.intake.put(data, 'image/jpeg', 'snapshot');
        return ref;
      };
      const refs = [];
      for (let i = 0; i < n; i++) refs.push(await add(i));
      // The rows: attach each to an event.
      // Each snapshot is attached to an event of its own (the helper row that makes the event is left out).
      for (const ref of refs) {
        const row = await f.addSnapshot({ bytes: 64 });
        f.store.media.setDeriveState(row.id, 'none');
        f.store.media.attach(f.scope, row.eventId, ref, f.clock.now);
      }
      const pending = () => f.store.media.pendingDerivation(1000).length;
      const started = performance.now();
      while (pending() > 0) await f.slice.deriveNow();
      const batchMs = (performance.now() - started) / n;

      const lone: number[] = [];
      for (let i = 0; i < (ctx.quick ? 3 : 10); i++) {
        const ref = await add(1000 + i);
        const row = await f.addSnapshot({ bytes: 64 });
        f.store.media.setDeriveState(row.id, 'none');
        f.store.media.attach(f.scope, row.eventId, ref, f.clock.now);
        const t = performance.now();
        await f.slice.deriveNow();
        lone.push(performance.now() - t);
      }
      ctx.note('Snapshots: 1280×720 JPEGs of ffmpeg testsrc2; Debian’s ffmpeg takes ~170 ms to start here.');
      return [
        {
          name: `thumbnail per snapshot, ${n} waiting`,
          unit: 'ms',
          value: Math.round(batchMs * 10) / 10,
          aim: { stat: 'value', op: '<=', target: 50 },
        },
        { name: 'thumbnail of a lone snapshot (one ffmpeg run)', unit: 'ms' as const, ...summarize(lone) },
      ];
    } finally {
      await f.close();
    }
  },
};
export default benchCase;
