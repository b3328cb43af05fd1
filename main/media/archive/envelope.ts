import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { OutpostError } from '../../contract/index.js';

/*
 * The archive's object format (Outpost's own; version 1). node:crypto gives AES-256-GCM; the
 * framing around it is ours, because an archived clip must stream (never sit in memory whole), be
 * resumable part by part, and fail loudly when cut short — one GCM call over a whole file does
 * none of that. It follows the STREAM construction (Hoang, Reyhanitabar, Rogaway, Vizár 2015):
 *
 *   header (84 bytes)
 *     0  "OPAR"                magic
 *     4  version = 1
 *     5  flags = 0
 *     6  log2(chunk size)      e.g. 18 → 256 KiB of plaintext per chunk
 *     7  0                     reserved
 *     8  key id (8)            SHA-256("outpost-archive-key-id" ‖ archive key)[0..8): says which key, reveals nothing
 *    16  nonce prefix (7)      random per object
 *    23  0                     reserved
 *    24  wrap nonce (12)       random per object
 *    36  wrapped data key (32) AES-256-GCM(archive key, wrap nonce, data key, AAD = header[0..24))
 *    68  wrap tag (16)
 *   chunks: AES-256-GCM(data key, nonce, chunk, AAD = header) ‖ tag (16)
 *     nonce = nonce prefix (7) ‖ chunk counter (4, big-endian) ‖ final flag (1: 0x01 on the last chunk, else 0x00)
 *     every chunk but the last holds exactly the chunk size; the last holds 0…chunk size bytes.
 *
 * A random data key per object, so no nonce repeats under a key; the counter fixes each chunk's
 * place (no reordering); the final flag makes a stream cut at a chunk boundary fail (truncation);
 * binding the header as AAD makes a swapped header fail. Sizes are known in advance: the quota is
 * checked before a byte is sent, and part n of a multipart upload can be made again on its own.
 */

export const MAGIC = Buffer.from('OPAR', 'latin1');
export const VERSION = 1;
export const HEADER_BYTES = 84;
export const TAG_BYTES = 16;
export const KEY_BYTES = 32;
export const DEFAULT_CHUNK_LOG2 = 18;

export class ArchiveFormatError extends OutpostError {
  constructor(message: string) {
    super('unprocessable', message);
  }
}

export function keyIdOf(archiveKey: Uint8Array): Buffer {
  return createHash('sha256').update('outpost-archive-key-id').update(archiveKey).digest().subarray(0, 8);
}

export interface ObjectKeys {
  header: Buffer;
  dataKey: Buffer;
  noncePrefix: Buffer;
  chunkSize: number;
}

/** A new object's header and data key. `random` is for known-answer tests only. */
export function newObject(
  archiveKey: Uint8Array,
  options: { chunkLog2?: number; random?: (n: number) => Buffer } = {},
): ObjectKeys {
  const random = options.random ?? randomBytes;
  const chunkLog2 = options.chunkLog2 ?? DEFAULT_CHUNK_LOG2;
  if (chunkLog2 < 4 || chunkLog2 > 24) throw new Error('chunk size must be 2^4 … 2^24 bytes');
  const dataKey = random(KEY_BYTES);
  const noncePrefix = random(7);
  const wrapNonce = random(12);
  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header, 0);
  header[4] = VERSION;
  header[6] = chunkLog2;
  keyIdOf(archiveKey).copy(header, 8);
  noncePrefix.copy(header, 16);
  wrapNonce.copy(header, 24);
  const wrap = createCipheriv('aes-256-gcm', archiveKey, wrapNonce);
  wrap.setAAD(header.subarray(0, 24));
  wrap.update(dataKey).copy(header, 36);
  wrap.final();
  wrap.getAuthTag().copy(header, 68);
  return { header, dataKey, noncePrefix, chunkSize: 2 ** chunkLog2 };
}

/** Reads a header and unwraps its data key; a wrong key or a changed header is refused clearly. */
export function openHeader(header: Buffer, archiveKey: Uint8Array): ObjectKeys {
  if (header.length < HEADER_BYTES || !header.subarray(0, 4).equals(MAGIC)) {
    throw new ArchiveFormatError(
      'The archived object is not an Outpost archive object (no OPAR header); it may be damaged or truncated.',
    );
  }
  if (header[4] !== VERSION) {
    throw new ArchiveFormatError(
      `The archived object has format version ${header[4]}; this Outpost reads version ${VERSION}. Upgrade Outpost.`,
    );
  }
  const chunkLog2 = header[6]!;
  if (chunkLog2 < 4 || chunkLog2 > 24)
    throw new ArchiveFormatError('The archived object header is damaged (chunk size).');
  const keyId = header.subarray(8, 16);
  if (!keyId.equals(keyIdOf(archiveKey))) {
    throw new ArchiveFormatError(
      `The archived object was encrypted with another archive key (key id ${keyId.toString('hex')}, this site's is ${keyIdOf(archiveKey).toString('hex')}). Import the right key with archive.importKey.`,
    );
  }
  const unwrap = createDecipheriv('aes-256-gcm', archiveKey, header.subarray(24, 36));
  unwrap.setAAD(header.subarray(0, 24));
  unwrap.setAuthTag(header.subarray(68, 84));
  let dataKey: Buffer;
  try {
    dataKey = Buffer.concat([unwrap.update(header.subarray(36, 68)), unwrap.final()]);
  } catch {
    throw new ArchiveFormatError(
      'The archived object’s key does not open with this site’s archive key: the header was changed, or the key is wrong.',
    );
  }
  return {
    header: header.subarray(0, HEADER_BYTES),
    dataKey,
    noncePrefix: header.subarray(16, 23),
    chunkSize: 2 ** chunkLog2,
  };
}

function nonceOf(keys: ObjectKeys, index: number, final: boolean): Buffer {
  const nonce = Buffer.alloc(12);
  keys.noncePrefix.copy(nonce, 0);
  nonce.writeUInt32BE(index, 7);
  nonce[11] = final ? 1 : 0;
  return nonce;
}

export function chunkCount(plainBytes: number, chunkSize: number): number {
  return Math.max(1, Math.ceil(plainBytes / chunkSize));
}

/** The encrypted size of `plainBytes`: known before anything is encrypted (quota checks). */
export function encryptedSize(plainBytes: number, chunkSize = 2 ** DEFAULT_CHUNK_LOG2): number {
  return HEADER_BYTES + plainBytes + TAG_BYTES * chunkCount(plainBytes, chunkSize);
}

/** Encrypts chunk `index` (into `out` at `offset` when given); returns the bytes written. */
export function sealChunk(keys: ObjectKeys, index: number, final: boolean, plain: Buffer): Buffer {
  const out = Buffer.allocUnsafe(plain.length + TAG_BYTES);
  sealChunkInto(keys, index, final, plain, out, 0);
  return out;
}

/**
 * Seals a chunk into `out` at `offset` (ciphertext, then its tag) and answers the bytes written:
 * the uploader builds a whole part in one buffer this way, without a copy per chunk.
 */
export function sealChunkInto(
  keys: ObjectKeys,
  index: number,
  final: boolean,
  plain: Buffer,
  out: Buffer,
  offset: number,
): number {
  const cipher = createCipheriv('aes-256-gcm', keys.dataKey, nonceOf(keys, index, final));
  cipher.setAAD(keys.header);
  const written = cipher.update(plain).copy(out, offset);
  cipher.final();
  cipher.getAuthTag().copy(out, offset + written);
  return written + TAG_BYTES;
}

function openChunk(keys: ObjectKeys, index: number, final: boolean, sealed: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', keys.dataKey, nonceOf(keys, index, final));
  decipher.setAAD(keys.header);
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]);
}

/** Encrypts a whole buffer (tests and small files); large files go chunk by chunk with sealChunk. */
export function sealAll(keys: ObjectKeys, plain: Buffer): Buffer {
  const parts = [keys.header];
  const count = chunkCount(plain.length, keys.chunkSize);
  for (let i = 0; i < count; i++) {
    parts.push(sealChunk(keys, i, i === count - 1, plain.subarray(i * keys.chunkSize, (i + 1) * keys.chunkSize)));
  }
  return Buffer.concat(parts);
}

/**
 * Decrypts a stream of an archived object. Each chunk's tag is checked before its plaintext is
 * passed on; a wrong key, a changed byte, a missing or reordered chunk and a stream cut short all
 * end the stream with an `unprocessable` error that says which. A consumer must not trust what it
 * received until the stream ends without error (restore writes to a temp file, then installs).
 */
export function createDecryptStream(archiveKey: Uint8Array): Transform {
  let keys: ObjectKeys | undefined;
  let pending: Buffer = Buffer.alloc(0);
  let index = 0;
  let done = false;

  const tampered = (i: number) =>
    new ArchiveFormatError(
      `The archived object failed its integrity check at chunk ${i}: it was changed after it was written. Nothing was restored.`,
    );

  function drain(stream: Transform): void {
    if (!keys) {
      if (pending.length < HEADER_BYTES) return;
      keys = openHeader(pending.subarray(0, HEADER_BYTES), archiveKey);
      keys = { ...keys, header: Buffer.from(keys.header) };
      pending = pending.subarray(HEADER_BYTES);
    }
    const sealedSize = keys.chunkSize + TAG_BYTES;
    // A full chunk is only known not to be the last once more bytes follow it.
    while (pending.length > sealedSize) {
      if (done)
        throw new ArchiveFormatError(
          'The archived object has data after its final chunk: it was changed. Nothing was restored.',
        );
      let plain: Buffer;
      try {
        plain = openChunk(keys, index, false, pending.subarray(0, sealedSize));
      } catch {
        throw tampered(index);
      }
      stream.push(plain);
      pending = pending.subarray(sealedSize);
      index++;
    }
  }

  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      try {
        drain(this);
        callback();
      } catch (err) {
        callback(err as Error);
      }
    },
    flush(callback: TransformCallback) {
      try {
        drain(this);
        if (!keys)
          throw new ArchiveFormatError(
            'The archived object is truncated: it ends inside its header. Nothing was restored.',
          );
        if (pending.length < TAG_BYTES) {
          throw new ArchiveFormatError(
            `The archived object is truncated after chunk ${index - 1}. Nothing was restored.`,
          );
        }
        try {
          this.push(openChunk(keys, index, true, pending));
        } catch {
          // Decrypting as a middle chunk succeeds when the stream was cut at a chunk boundary.
          let cut = false;
          try {
            openChunk(keys, index, false, pending);
            cut = true;
          } catch {
            // neither: the chunk itself was changed
          }
          throw cut
            ? new ArchiveFormatError(
                `The archived object is truncated: it ends after chunk ${index} without its final chunk. Nothing was restored.`,
              )
            : tampered(index);
        }
        done = true;
        callback();
      } catch (err) {
        callback(err as Error);
      }
    },
  });
}
