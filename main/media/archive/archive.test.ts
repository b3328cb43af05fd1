import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { existsSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OutpostError } from '../../contract/index.js';
import type { MediaRow } from '../../store/index.js';
import { startS3Peer, type S3Peer } from '../test-support/s3-peer.js';
import { startSliceFixture, type SliceFixture } from '../test-support/media-slice-fixture.js';
import { createOutboundGuard } from '../../outbound/index.js';
import { encryptedSize, HEADER_BYTES, TAG_BYTES } from './envelope.js';

const MB = 1024 * 1024;
let peer: S3Peer;
let f: SliceFixture;

beforeAll(async () => {
  peer = await startS3Peer();
});
afterAll(async () => {
  await peer?.close();
});
beforeEach(async () => {
  f = await startSliceFixture({}, { media: { archive: { partSizeBytes: 5 * MB, partAttempts: 1 } } });
  peer.cutAfter(undefined);
});
afterEach(async () => {
  await f?.close();
});

function configure(extra: Record<string, unknown> = {}, on: SliceFixture = f) {
  return on.slice.archive.configure(on.scope, {
    siteId: on.scope.siteId,
    endpoint: peer.endpoint,
    region: 'us-east-1',
    bucket: peer.bucket,
    prefix: 'outpost/',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    forcePathStyle: true,
    quotaBytes: 0,
    rules: { afterDays: null, labels: [], kept: false },
    freeLocal: true,
    enabled: true,
    ...extra,
  });
}

const client = () =>
  new S3Client({
    endpoint: peer.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });

async function archived(bytes: number): Promise<MediaRow> {
  const row = await f.addSnapshot({ bytes });
  const { queued } = await f.slice.archive.run(f.scope, { mediaIds: [row.id] });
  expect(queued).toBe(1);
  await f.slice.archive.runSite(f.scope);
  return f.store.media.get(f.scope, row.id)!;
}

async function objectBytes(key: string): Promise<Buffer> {
  const s3 = client();
  const answer = await s3.send(new GetObjectCommand({ Bucket: peer.bucket, Key: key }));
  const bytes = Buffer.from(await answer.Body!.transformToByteArray());
  s3.destroy();
  return bytes;
}

async function replaceObject(key: string, body: Buffer): Promise<void> {
  const s3 = client();
  await s3.send(new PutObjectCommand({ Bucket: peer.bucket, Key: key, Body: body }));
  s3.destroy();
}

async function restoreError(id: string): Promise<OutpostError> {
  const err = await f.slice.archive.restore(f.scope, id).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(OutpostError);
  return err as OutpostError;
}

describe('encrypted archive on an S3 peer (s3rver)', () => {
  it('says whether the target works', async () => {
    configure();
    expect(await f.slice.archive.test(f.scope, f.scope.siteId)).toMatchObject({ ok: true });
    configure({ bucket: 'no-such-bucket' });
    const bad = await f.slice.archive.test(f.scope, f.scope.siteId);
    expect(bad.ok).toBe(false);
    expect(bad.message).toMatch(/bucket does not exist/);
  });

  it('never reaches a loopback target unless an admin allowed the range (the outgoing-request guard)', async () => {
    const guard = createOutboundGuard();
    const guarded = await startSliceFixture({ s3Transport: guard.nodeAgents });
    try {
      peer.resetCount();
      configure({}, guarded);
      const refused = await guarded.slice.archive.test(guarded.scope, guarded.scope.siteId);
      expect(refused.ok).toBe(false);
      expect(peer.sent()).toBe(0);
    } finally {
      await guarded.close();
      await guard.close();
    }
  });

  it('round-trips a multipart file: encrypted at rest, local copy freed, restored byte for byte', async () => {
    configure();
    const original = await f.addSnapshot({ bytes: 12 * MB });
    const { queued } = await f.slice.archive.run(f.scope, { mediaIds: [original.id] });
    expect(queued).toBe(1);
    await f.slice.archive.runSite(f.scope);
    const row = f.store.media.get(f.scope, original.id)!;
    expect(row).toMatchObject({ local: false, archiveBytes: encryptedSize(12 * MB) });
    expect(row.archiveObject).toMatch(/^outpost\/[0-9a-f]{40}$/);
    expect(existsSync(f.slice.blobs.path(original.sha256))).toBe(false);
    const stored = await objectBytes(row.archiveObject!);
    expect(stored.length).toBe(encryptedSize(12 * MB));
    expect(stored.toString('latin1', 0, 4)).toBe('OPAR');
    // The plaintext's repeated byte pattern appears nowhere in what the storage holds.
    expect(stored.subarray(HEADER_BYTES, HEADER_BYTES + 4096).every((b) => b === stored[HEADER_BYTES])).toBe(false);
    expect(f.store.events.get(f.scope, row.eventId)!.media[0]!.state).toBe('archived');

    await f.slice.archive.restore(f.scope, row.id);
    expect(f.store.media.get(f.scope, row.id)!.local).toBe(true);
    expect(existsSync(f.slice.blobs.path(original.sha256))).toBe(true);
    const status = await f.slice.archive.status(f.scope, f.scope.siteId);
    expect(status).toMatchObject({ archivedFiles: 1, archivedBytes: encryptedSize(12 * MB), uploads: [] });
    expect(status.target?.secretAccessKey).toBe('********');
  });

  it('goes on with the missing parts after the connection is cut mid-upload', async () => {
    configure();
    // 24 MiB in 5 MiB parts, three in flight: cut past three parts' worth, at least one part finished.
    const row = await f.addSnapshot({ bytes: 24 * MB });
    await f.slice.archive.run(f.scope, { mediaIds: [row.id] });
    peer.resetCount();
    peer.cutAfter(16 * MB);
    await f.slice.archive.runSite(f.scope);
    const interrupted = (await f.slice.archive.status(f.scope, f.scope.siteId)).uploads[0]!;
    expect(interrupted.state).toBe('uploading');
    expect(interrupted.bytesSent).toBeGreaterThanOrEqual(5 * MB);
    expect(interrupted.lastError).toBeTruthy();
    expect(f.store.media.get(f.scope, row.id)!.archivedAt).toBeNull();

    peer.cutAfter(undefined);
    peer.resetCount();
    await f.slice.archive.runSite(f.scope);
    const done = f.store.media.get(f.scope, row.id)!;
    expect(done.archivedAt).not.toBeNull();
    // Finished parts were not sent again (the allowance is the requests' own headers).
    expect(peer.sent()).toBeLessThan(encryptedSize(24 * MB) - interrupted.bytesSent + 64 * 1024);
    await f.slice.archive.restore(f.scope, row.id);
    expect(existsSync(f.slice.blobs.path(row.sha256))).toBe(true);
  });

  it('refuses a tampered object and restores nothing', async () => {
    configure();
    const row = await archived(300_000);
    const bytes = await objectBytes(row.archiveObject!);
    bytes[HEADER_BYTES + 1000]! ^= 0x01;
    await replaceObject(row.archiveObject!, bytes);
    const err = await restoreError(row.id);
    expect(err.code).toBe('unprocessable');
    expect(err.message).toMatch(/failed its integrity check at chunk 0/);
    expect(f.store.media.get(f.scope, row.id)!.local).toBe(false);
    expect(existsSync(f.slice.blobs.path(row.sha256))).toBe(false);
  });

  it('refuses a truncated object', async () => {
    configure();
    const row = await archived(600_000);
    const bytes = await objectBytes(row.archiveObject!);
    const chunk = 2 ** 18 + TAG_BYTES;
    await replaceObject(row.archiveObject!, Buffer.from(bytes.subarray(0, HEADER_BYTES + 2 * chunk)));
    const err = await restoreError(row.id);
    expect(err.message).toMatch(/truncated/);
    expect(f.store.media.get(f.scope, row.id)!.local).toBe(false);
  });

  it('refuses to decrypt with the wrong key, naming both keys', async () => {
    configure();
    const row = await archived(10_000);
    const before = await f.slice.archive.exportKey(f.scope, f.scope.siteId);
    expect(before.warning).toMatch(/Without it, nothing in this site’s archive can ever be read again/);
    await expect(
      f.slice.archive.importKey(f.scope, f.scope.siteId, Buffer.alloc(32, 9).toString('base64'), false),
    ).rejects.toThrow(/already has another archive key/);
    await f.slice.archive.importKey(f.scope, f.scope.siteId, Buffer.alloc(32, 9).toString('base64'), true);
    const err = await restoreError(row.id);
    expect(err.message).toMatch(new RegExp(`encrypted with another archive key \\(key id ${before.keyId}`));
    await f.slice.archive.importKey(f.scope, f.scope.siteId, before.key, true);
    await f.slice.archive.restore(f.scope, row.id);
    expect(f.store.media.get(f.scope, row.id)!.local).toBe(true);
  });

  it('refuses a file past the quota before any byte is sent, and says so', async () => {
    configure({ quotaBytes: 2 * MB });
    const small = await f.addSnapshot({ bytes: MB });
    const big = await f.addSnapshot({ bytes: 3 * MB });
    peer.resetCount();
    const result = await f.slice.archive.run(f.scope, { mediaIds: [big.id, small.id] });
    expect(result.queued).toBe(1);
    expect(result.refused).toEqual([
      { mediaId: big.id, reason: expect.stringMatching(/past its archive quota of 2\.0 MB/) },
    ]);
    await f.slice.archive.runSite(f.scope);
    // Only the small file went out (1 MB and some request headers).
    expect(peer.sent()).toBeLessThan(1.2 * MB);
    expect(f.store.media.get(f.scope, big.id)!.archivedAt).toBeNull();
    expect(f.store.media.get(f.scope, small.id)!.archivedAt).not.toBeNull();
    // The quota now holds what was archived: the next 1 MB file does not fit either.
    const more = await f.addSnapshot({ bytes: MB + 100_000 });
    expect((await f.slice.archive.run(f.scope, { mediaIds: [more.id] })).refused).toHaveLength(1);
  });
});
