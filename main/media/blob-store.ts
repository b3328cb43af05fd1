import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { link, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { OutpostError } from '../contract/index.js';
import { blobPath, isSha256 } from './blob-paths.js';
import type { BlobWriter, MediaRef } from './media-ref.js';
import { declaredMediaType, isSupportedMediaType, SNIFF_BYTES, sniffMediaType } from './media-sniff.js';

export const DEFAULT_MAX_BLOB_BYTES = 512 * 1024 * 1024;

export interface BlobStore extends BlobWriter {
  put(data: Buffer | NodeJS.ReadableStream, contentType: string, kind: MediaRef['kind']): Promise<MediaRef>;
  /**
   * Stores bytes whose type the caller has already established (the site map's checked and sanitised
   * base maps and overlay SVGs): no sniffing against the snapshot/clip types, same content addressing,
   * atomic install and size limit as `put`.
   */
  putBytes(data: Buffer, contentType: string): Promise<{ sha256: string; size: number }>;
  /**
   * `putBytes` for bytes already hashed off the event loop (the site map's upload worker): `sha256` must be
   * the SHA-256 of `data`, which is written as it is, never hashed again here. A blob already stored under
   * that hash is kept and nothing is written.
   */
  putHashed(data: Buffer, sha256: string, contentType: string): Promise<{ sha256: string; size: number }>;
  /** The file of a blob (it may not exist). Throws `invalid_input` for anything but a SHA-256 hex name. */
  path(sha256: string): string;
  has(sha256: string): boolean;
  /** Streams a blob, optionally a byte range (inclusive, as in HTTP Range). Throws `not_found`. */
  open(sha256: string, range?: { start: number; end?: number }): Readable;
  /** Null when there is no such blob. */
  stat(sha256: string): Promise<{ size: number; modifiedAt: number } | null>;
  /** Deletes a blob's file (retention, refused uploads); the caller checks that nothing needs it. */
  remove(sha256: string): Promise<void>;
  /** A folder on the store's filesystem for work files (ffmpeg output), so installing them is a link. */
  readonly tempDir: string;
  /** The store's root (reconciliation walks `<root>/sha256`). */
  readonly root: string;
}

const KIND_TYPES: Record<MediaRef['kind'], readonly string[]> = {
  snapshot: ['image/jpeg', 'image/png'],
  clip: ['video/mp4'],
};

function unsupported(message: string): OutpostError {
  return new OutpostError('unsupported_media_type', message, { issues: [{ path: 'contentType', message }] });
}

/** Checks the sniffed type against what the sender declared and the kind of media it is meant to be. */
function checkType(found: string | null, declared: string, kind: MediaRef['kind'], empty: boolean): string {
  const allowed = KIND_TYPES[kind];
  if (found === null || !isSupportedMediaType(found)) {
    const what = empty ? 'an empty file' : found ? `${found} content` : 'content that is not an image or video';
    throw unsupported(`Expected ${allowed.join(' or ')} for a ${kind}, but found ${what}.`);
  }
  if (declared !== '' && declared !== found) {
    throw unsupported(`The upload was declared as ${declared} but its content is ${found}; send it as ${found}.`);
  }
  if (!allowed.includes(found)) {
    throw unsupported(`A ${kind} must be ${allowed.join(' or ')}, but found ${found}.`);
  }
  return found;
}

async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (_err) {
    // Some platforms cannot fsync a directory; the rename is still atomic there.
  }
}

/** Moves the finished temp file into place; an existing blob (same content) is kept untouched. */
async function install(temp: string, final: string): Promise<void> {
  await mkdir(dirname(final), { recursive: true });
  try {
    await link(temp, final);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST') {
      // Filesystems without hard links: rename is atomic too, and replaces identical content at worst.
      if (existsSync(final)) return;
      await rename(temp, final);
      return;
    }
  }
}

/**
 * The content-addressed blob store of DESIGN.md: `<root>/sha256/ab/cdef…`. Writes stream to a temp
 * file under `<root>/tmp` (same filesystem) while hashing, are fsynced, then linked into place, so
 * a reader never sees half a file and a crash leaves at most a temp file.
 */
export function createBlobStore(root: string, options: { maxBytes?: number } = {}): BlobStore {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BLOB_BYTES;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) {
    throw new OutpostError('invalid_input', 'The media size limit must be a whole number of bytes above 0.', {
      issues: [{ path: 'maxBytes', message: 'Must be a positive whole number' }],
    });
  }
  const tempDir = join(root, 'tmp');

  /**
   * Streams `data` into the store. `judge` names the content type from the first SNIFF_BYTES bytes (or
   * all of them, when shorter) and throws to refuse the upload before it is written out in full.
   */
  async function write(
    data: Buffer | NodeJS.ReadableStream,
    judge: (head: Buffer, empty: boolean) => string,
    knownSha256?: string,
  ): Promise<{ sha256: string; size: number; type: string }> {
    await mkdir(tempDir, { recursive: true });
    const temp = join(tempDir, `${randomUUID()}.part`);
    const handle = await open(temp, 'wx', 0o644);
    const hash = createHash('sha256');
    let size = 0;
    let head = Buffer.alloc(0);
    let type: string | null = null;
    const source = (
      Buffer.isBuffer(data)
        ? (async function* () {
            yield data;
          })()
        : data
    ) as AsyncIterable<Buffer | string>;
    const iterator = source[Symbol.asyncIterator]();
    try {
      for (;;) {
        let next: IteratorResult<Buffer | string>;
        try {
          next = await iterator.next();
        } catch (err) {
          throw new OutpostError('invalid_input', 'The media upload broke off before it was complete; send it again.', {
            cause: err,
          });
        }
        if (next.done) break;
        const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
        size += chunk.length;
        if (size > maxBytes) {
          throw new OutpostError(
            'payload_too_large',
            `The media file is larger than the limit of ${maxBytes} bytes; send a smaller or shorter file.`,
          );
        }
        if (type === null && head.length < SNIFF_BYTES) {
          head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)]);
          // Judge as soon as possible so a mislabelled upload is not written out in full.
          if (head.length >= SNIFF_BYTES) type = judge(head, false);
        }
        if (knownSha256 === undefined) hash.update(chunk);
        await handle.write(chunk);
      }
      type ??= judge(head, size === 0);
      await handle.sync();
    } catch (err) {
      // Stop reading a stream we no longer want (its sender gets the error instead).
      await iterator.return?.().catch(() => undefined);
      await handle.close().catch(() => undefined);
      await rm(temp, { force: true });
      throw err;
    }
    await handle.close();
    const sha256 = knownSha256 ?? hash.digest('hex');
    const final = blobPath(root, sha256);
    try {
      await install(temp, final);
    } finally {
      await rm(temp, { force: true });
    }
    await syncDirectory(dirname(final));
    return { sha256, size, type };
  }

  async function put(
    data: Buffer | NodeJS.ReadableStream,
    contentType: string,
    kind: MediaRef['kind'],
  ): Promise<MediaRef> {
    const declared = declaredMediaType(contentType);
    const { sha256, size, type } = await write(data, (head, empty) =>
      checkType(sniffMediaType(head), declared, kind, empty),
    );
    return { kind, sha256, contentType: type, size };
  }

  return {
    put,
    async putBytes(data, contentType) {
      const { sha256, size } = await write(data, () => contentType);
      return { sha256, size };
    },
    async putHashed(data, sha256, contentType) {
      if (!isSha256(sha256)) throw new Error('putHashed takes the SHA-256 of the bytes, in hex.');
      if (data.length > maxBytes) {
        throw new OutpostError('payload_too_large', `The file is larger than the limit of ${maxBytes} bytes.`);
      }
      const existing = await stat(blobPath(root, sha256)).catch(() => null);
      if (existing?.size === data.length) return { sha256, size: data.length };
      return write(data, () => contentType, sha256).then(({ size }) => ({ sha256, size }));
    },
    path: (sha256) => blobPath(root, sha256),
    has: (sha256) => isSha256(sha256) && existsSync(blobPath(root, sha256)),
    open(sha256, range) {
      const file = blobPath(root, sha256);
      if (!existsSync(file)) throw new OutpostError('not_found', 'No media file with this hash is stored here.');
      // 256 KiB reads: a fraction of the syscalls of the 64 KiB default, for clips of hundreds of MB.
      return createReadStream(file, {
        highWaterMark: 256 * 1024,
        ...(range ? { start: range.start, ...(range.end === undefined ? {} : { end: range.end }) } : {}),
      });
    },
    tempDir,
    root,
    async remove(sha256) {
      await rm(blobPath(root, sha256), { force: true });
    },
    async stat(sha256) {
      try {
        const info = await stat(blobPath(root, sha256));
        return { size: info.size, modifiedAt: info.mtimeMs };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
  };
}
