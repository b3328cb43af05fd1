import { startS3Peer } from '../../main/media/test-support/index.js';
import { startSliceFixture } from '../../main/media/test-support/index.js';
import type { BenchCase } from '../lib/types.js';
import { newObject, sealChunk } from '../../main/media/test-support/index.js';

const MB = 1024 * 1024;

const benchCase: BenchCase = {
  name: 'media-archive',
  description:
    'Encrypt (AES-256-GCM chunks) and upload files to s3rver on loopback with the AWS SDK (multipart, 8 MiB parts): ' +
    'wall-clock throughput and the CPU the Outpost side spent on it.',
  async run(ctx) {
    ctx.note(
      's3rver runs in the bench process too: its CPU (writing the parts to disk, md5 of each part) is in the figures.',
    );
    const peer = await startS3Peer();
    const f = await startSliceFixture({}, { pipeline: { media: { maxBytes: 2 * 1024 * MB } } });
    try {
      f.slice.archive.configure(f.scope, {
        siteId: f.scope.siteId,
        endpoint: peer.endpoint,
        region: 'us-east-1',
        bucket: peer.bucket,
        prefix: 'bench/',
        accessKeyId: 'S3RVER',
        secretAccessKey: 'S3RVER',
        forcePathStyle: true,
        quotaBytes: 0,
        rules: { afterDays: null, labels: [], kept: false },
        freeLocal: false,
        enabled: true,
      });
      const files = ctx.quick ? 1 : 4;
      const size = 64 * MB;
      const rows = [];
      for (let i = 0; i < files; i++) rows.push(await f.addSnapshot({ bytes: size, seed: i + 1 }));
      // Warm-up: one small file.
      const warm = await f.addSnapshot({ bytes: MB, seed: 99 });
      await f.slice.archive.run(f.scope, { mediaIds: [warm.id] });
      await f.slice.archive.runSite(f.scope);
      await f.slice.archive.run(f.scope, { mediaIds: rows.map((r) => r.id) });
      const cpu = process.cpuUsage();
      const started = performance.now();
      await f.slice.archive.runSite(f.scope);
      const seconds = (performance.now() - started) / 1000;
      const used = process.cpuUsage(cpu);
      const archived = rows.filter((r) => f.store.media.get(f.scope, r.id)!.archivedAt !== null).length;
      if (archived !== files) throw new Error(`only ${archived} of ${files} files were archived`);
      const mb = (files * size) / MB;
      // Encryption alone, one core: the share of Outpost's own work in the figure above.
      const keys = newObject(Buffer.alloc(32, 1));
      const plain = Buffer.alloc(keys.chunkSize, 7);
      const sealStart = performance.now();
      for (let i = 0; i < 256; i++) sealChunk(keys, i, i === 255, plain);
      const sealMbPerS = Math.round(64 / ((performance.now() - sealStart) / 1000));
      return [
        { name: 'encryption alone (AES-256-GCM chunks), one core', unit: 'MB/s', value: sealMbPerS },
        {
          name: `encrypt + upload, ${files} × 64 MB`,
          unit: 'MB/s',
          value: Math.round(mb / seconds),
          aim: { stat: 'value', op: '>=', target: 150 },
        },
        {
          name: 'process CPU per MB (Outpost and s3rver together)',
          unit: 'ms/MB',
          value: Math.round(((used.user + used.system) / 1000 / mb) * 100) / 100,
        },
      ];
    } finally {
      await f.close();
      await peer.close();
    }
  },
};
export default benchCase;
