import { startS3PeerProcess } from '../lib/s3-peer-process.js';
import { startSliceFixture } from '../../main/media/test-support/index.js';
import type { BenchCase } from '../lib/types.js';
import { newObject, sealChunk } from '../../main/media/test-support/index.js';

const MB = 1024 * 1024;

const benchCase: BenchCase = {
  name: 'media-archive',
  description:
    'Encrypt (AES-256-GCM chunks) and upload files to s3rver on loopback with the AWS SDK (multipart, 8 MiB parts): ' +
    'wall-clock throughput, and what the Outpost side alone spends per MB and could carry on one core.',
  async run(ctx) {
    ctx.note(
      's3rver runs in a process of its own (on the other core, behind its byte-counting proxy): its CPU ' +
        '(writing parts to disk, the MD5 of each part) is reported apart, not in Outpost’s figures.',
    );
    const peer = await startS3PeerProcess();
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
      const peerCpuBefore = await peer.cpuMicros();
      const started = performance.now();
      await f.slice.archive.runSite(f.scope);
      const seconds = (performance.now() - started) / 1000;
      const used = process.cpuUsage(cpu);
      const peerMs = ((await peer.cpuMicros()) - peerCpuBefore) / 1000;
      const archived = rows.filter((r) => f.store.media.get(f.scope, r.id)!.archivedAt !== null).length;
      if (archived !== files) throw new Error(`only ${archived} of ${files} files were archived`);
      const mb = (files * size) / MB;
      const outpostMs = (used.user + used.system) / 1000;
      // Encryption alone, one core: the share of Outpost's own work in the figure above.
      const keys = newObject(Buffer.alloc(32, 1));
      const plain = Buffer.alloc(keys.chunkSize, 7);
      const sealStart = performance.now();
      for (let i = 0; i < 256; i++) sealChunk(keys, i, i === 255, plain);
      const sealMbPerS = Math.round(64 / ((performance.now() - sealStart) / 1000));
      return [
        { name: 'encryption alone (AES-256-GCM chunks), one core', unit: 'MB/s', value: sealMbPerS },
        {
          name: `encrypt + upload, ${files} × 64 MB, wall clock`,
          unit: 'MB/s',
          value: Math.round(mb / seconds),
          note: 'bounded by the peer when s3rver is slower than Outpost',
        },
        {
          name: 'Outpost CPU per MB (read, encrypt, sign, send)',
          unit: 'ms/MB',
          value: Math.round((outpostMs / mb) * 100) / 100,
        },
        {
          name: 'encrypt + upload on one core (MB per Outpost CPU-second)',
          unit: 'MB/s',
          value: Math.round(mb / (outpostMs / 1000)),
          aim: { stat: 'value', op: '>=', target: 150 },
        },
        {
          name: 's3rver CPU per MB (the peer, not Outpost)',
          unit: 'ms/MB',
          value: Math.round((peerMs / mb) * 100) / 100,
        },
      ];
    } finally {
      await f.close();
      await peer.close();
    }
  },
};
export default benchCase;
