import { open } from 'node:fs/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import { ExponentialBackoff, handleAll, retry } from 'cockatiel';
import type { ArchivePart, ArchiveUploadRow, Store } from '../../store/index.js';
import { chunkCount, newObject, openHeader, sealChunkInto, TAG_BYTES, type ObjectKeys } from './envelope.js';
import { loadS3Sdk } from './s3-client.js';

/** Parts encrypted or travelling at once, per file. */
const PARTS_IN_FLIGHT = 3;

export interface UploadContext {
  s3: S3Client;
  bucket: string;
  store: Pick<Store, 'archive'>;
  archiveKey: Buffer;
  /** The plaintext file and its size. */
  file: string;
  plainBytes: number;
  partAttempts: number;
  now: () => number;
  /** Called after each part (bytes sent so far, of the total). */
  onProgress?(sent: number, total: number): void;
  signal?: AbortSignal;
}

/**
 * Encrypts and uploads one file as one object. Small objects go in one PUT; larger ones as a
 * multipart upload whose id, encryption header and finished parts are stored after each part, so
 * a cut connection or a restart goes on from the next part (the same header re-creates the same
 * bytes). Each part is retried with exponential backoff and jitter.
 */
export async function uploadFile(ctx: UploadContext, upload: ArchiveUploadRow): Promise<void> {
  const { CompleteMultipartUploadCommand, CreateMultipartUploadCommand, PutObjectCommand, UploadPartCommand } =
    await loadS3Sdk();
  let keys: ObjectKeys;
  if (upload.header) {
    keys = openHeader(upload.header, ctx.archiveKey);
  } else {
    keys = newObject(ctx.archiveKey);
  }
  const chunks = chunkCount(ctx.plainBytes, keys.chunkSize);
  const sealed = keys.chunkSize + TAG_BYTES;
  // At least the part size: S3 refuses parts under 5 MiB (but the last).
  const perPart = Math.max(1, Math.ceil(upload.partSize / sealed));
  const parts = Math.ceil(chunks / perPart);
  const file = await open(ctx.file, 'r');
  const policy = retry(handleAll, {
    maxAttempts: Math.max(0, ctx.partAttempts - 1),
    backoff: new ExponentialBackoff({ initialDelay: 200, maxDelay: 10_000 }),
  });

  /**
   * Part n (1-based): the header first, then its chunks, encrypted from the file. The part's plaintext
   * is read in one call and sealed straight into the part's buffer (no copy per chunk).
   */
  async function partBody(n: number): Promise<Buffer> {
    const first = (n - 1) * perPart;
    const last = Math.min(n * perPart, chunks);
    const start = first * keys.chunkSize;
    const plainLength = Math.min(last * keys.chunkSize, ctx.plainBytes) - start;
    const plain = Buffer.allocUnsafe(plainLength);
    const { bytesRead } = await file.read(plain, 0, plainLength, start);
    if (bytesRead !== plainLength) throw new Error('The file changed size while it was being archived.');
    const headerBytes = n === 1 ? keys.header.length : 0;
    const out = Buffer.allocUnsafe(headerBytes + plainLength + (last - first) * TAG_BYTES);
    let offset = n === 1 ? keys.header.copy(out, 0) : 0;
    for (let i = first; i < last; i++) {
      const from = (i - first) * keys.chunkSize;
      offset += sealChunkInto(
        keys,
        i,
        i === chunks - 1,
        plain.subarray(from, Math.min(from + keys.chunkSize, plainLength)),
        out,
        offset,
      );
    }
    return out;
  }

  try {
    if (parts === 1) {
      const body = await partBody(1);
      await policy.execute(() =>
        ctx.s3.send(
          new PutObjectCommand({ Bucket: ctx.bucket, Key: upload.objectKey, Body: body, ContentLength: body.length }),
          {
            ...(ctx.signal ? { abortSignal: ctx.signal } : {}),
          },
        ),
      );
      ctx.store.archive.partDone(upload.mediaId, [], body.length, ctx.now());
      ctx.onProgress?.(body.length, body.length);
      return;
    }
    let uploadId = upload.uploadId;
    let done: ArchivePart[] = upload.header ? upload.parts : [];
    if (!uploadId || !upload.header) {
      const created = await policy.execute(() =>
        ctx.s3.send(new CreateMultipartUploadCommand({ Bucket: ctx.bucket, Key: upload.objectKey })),
      );
      uploadId = created.UploadId ?? null;
      if (!uploadId) throw new Error('The storage started a multipart upload without an upload id.');
      done = [];
      ctx.store.archive.started(upload.mediaId, uploadId, keys.header, ctx.now());
    }
    let sent = done.length === 0 ? 0 : upload.bytesSent;
    const waiting = Array.from({ length: parts }, (_, i) => i + 1).filter((n) => !done.some((p) => p.PartNumber === n));
    // A few parts in flight: the next part is read and encrypted while earlier ones travel, so
    // neither the CPU nor the link waits for the other. Memory stays bounded by PARTS_IN_FLIGHT parts.
    const sendParts = async (): Promise<void> => {
      for (let n = waiting.shift(); n !== undefined; n = waiting.shift()) {
        const partNumber = n;
        const body = await partBody(partNumber);
        const answer = await policy.execute(({ signal }) =>
          ctx.s3.send(
            new UploadPartCommand({
              Bucket: ctx.bucket,
              Key: upload.objectKey,
              UploadId: uploadId!,
              PartNumber: partNumber,
              Body: body,
              ContentLength: body.length,
            }),
            { abortSignal: ctx.signal ?? signal },
          ),
        );
        // Recorded as each part finishes (in any order), so a restart sends only the missing ones.
        done = [...done, { PartNumber: partNumber, ETag: answer.ETag ?? '' }];
        sent += body.length;
        ctx.store.archive.partDone(upload.mediaId, done, sent, ctx.now());
        ctx.onProgress?.(sent, upload.totalBytes);
      }
    };
    const senders = Array.from({ length: Math.min(PARTS_IN_FLIGHT, waiting.length) }, () => sendParts());
    const outcomes = await Promise.allSettled(senders);
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw failed.reason;
    await policy.execute(() =>
      ctx.s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: ctx.bucket,
          Key: upload.objectKey,
          UploadId: uploadId!,
          MultipartUpload: { Parts: [...done].sort((a, b) => a.PartNumber - b.PartNumber) },
        }),
      ),
    );
  } finally {
    await file.close();
  }
}
