import { readFileSync } from 'node:fs';
import { makeClip, makeSnapshot } from '../../native/ffmpeg/test-support/index.js';
import { startSliceFixture } from '../../main/media/test-support/index.js';
import { summarize } from '../lib/stats.js';
import type { BenchCase } from '../lib/types.js';

const benchCase: BenchCase = {
  name: 'media-thumbnails',
  description:
    'WebP thumbnails (175 px high) by the media slice’s derive job: of 1280×720 JPEG snapshots (libvips through sharp on the ' +
    'shared image pool, one worker thread) per snapshot when many wait and for a lone snapshot, and of 10 s 640×360 clips ' +
    '(ffmpeg on the shared ffmpeg pool: keyframe thumbnail and preview strip).',
  async run(ctx) {
    const f = await startSliceFixture();
    try {
      const source = readFileSync(makeSnapshot(f.dataDir, { width: 1280, height: 720 }));
      const attach = async (data: Buffer, kind: 'snapshot' | 'clip', type: string) => {
        const ref = await f.slice.intake.put(data, type, kind, f.scope.tenantId);
        const row = await f.addSnapshot({ bytes: 64 });
        f.store.media.setDeriveState(row.id, 'none');
        f.store.media.attach(f.scope, row.eventId, ref, f.clock.now);
      };
      const addSnapshot = (i: number) =>
        attach(Buffer.concat([source, Buffer.from(`#${i}`)]), 'snapshot', 'image/jpeg');
      const pending = () => f.store.media.pendingDerivation(1000).length;
      const drain = async () => {
        while (pending() > 0) await f.slice.deriveNow();
      };

      // Warm-up: the image worker's first start and JIT.
      for (let i = 0; i < 4; i++) await addSnapshot(-1 - i);
      await drain();

      const n = ctx.quick ? 16 : 64;
      for (let i = 0; i < n; i++) await addSnapshot(i);
      const started = performance.now();
      await drain();
      const batchMs = (performance.now() - started) / n;

      const lone: number[] = [];
      for (let i = 0; i < (ctx.quick ? 5 : 30); i++) {
        await addSnapshot(1000 + i);
        const t = performance.now();
        await f.slice.deriveNow();
        lone.push(performance.now() - t);
      }

      const clip = readFileSync(makeClip(f.dataDir, { seconds: 10, width: 640, height: 360, faststart: true }));
      const clips: number[] = [];
      for (let i = 0; i < (ctx.quick ? 2 : 5); i++) {
        await attach(Buffer.concat([clip, Buffer.alloc(i + 1)]), 'clip', 'video/mp4');
        const t = performance.now();
        await f.slice.deriveNow();
        clips.push(performance.now() - t);
      }
      ctx.note(
        'Snapshots: 1280×720 JPEGs of ffmpeg testsrc2, each stored and attached to an event first; timed from the derive job’s start to the thumbnail stored (blob and row). Clips: 10 s of testsrc2 in H.264.',
      );
      return [
        {
          name: `thumbnail per snapshot, ${n} waiting`,
          unit: 'ms',
          value: Math.round(batchMs * 10) / 10,
          aim: { stat: 'value', op: '<=', target: 50 },
        },
        {
          name: 'thumbnail of a lone snapshot',
          unit: 'ms' as const,
          ...summarize(lone),
          aim: { stat: 'p95', op: '<=', target: 50 },
        },
        { name: 'clip: thumbnail and preview strip (two ffmpeg runs)', unit: 'ms' as const, ...summarize(clips) },
      ];
    } finally {
      await f.close();
    }
  },
};
export default benchCase;
