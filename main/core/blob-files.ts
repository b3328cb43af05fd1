import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { BlobWriter, MediaRef } from '../pipeline/index.js';

/**
 * Content-addressed media files under `<root>/sha256/ab/cdef…` (DESIGN.md "Data"), written to a
 * temporary name and renamed, so a crash never leaves half a file under a hash. Stands in until
 * main/media's blob store (streaming, thumbnails, retention) takes over; the layout is the same.
 */
export function createBlobFiles(root: string): BlobWriter {
  return {
    async put(data, contentType, kind): Promise<MediaRef> {
      const buffer = Buffer.isBuffer(data) ? data : await collect(data);
      const sha256 = createHash('sha256').update(buffer).digest('hex');
      const file = join(root, 'sha256', sha256.slice(0, 2), sha256.slice(2));
      const exists = await stat(file).then(
        () => true,
        () => false,
      );
      if (!exists) {
        await mkdir(dirname(file), { recursive: true });
        const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
        try {
          await writeFile(temp, buffer, { flag: 'wx' });
          await rename(temp, file);
        } catch (err) {
          await rm(temp, { force: true });
          throw err;
        }
      }
      return { kind, sha256, contentType, size: buffer.length };
    },
  };
}

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}
