import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutpostError } from '../contract/index.js';
import { createBlobStore } from './blob-store.js';

const jpeg = (size = 4096) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(size - 4)]);
const png = () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(500)]);
const mp4 = () => Buffer.concat([Buffer.from([0, 0, 0, 0x20]), Buffer.from('ftypisom'), randomBytes(2000)]);
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** A stream handing out `data` in small chunks, as a network upload would. */
function chunked(data: Buffer, size = 700): Readable {
  return Readable.from(
    (function* () {
      for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
    })(),
  );
}

async function rejection(promise: Promise<unknown>): Promise<OutpostError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(OutpostError);
    return err as OutpostError;
  }
  throw new Error('expected a rejection');
}

function storedFiles(root: string): string[] {
  const dir = join(root, 'sha256');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

const tempFiles = (root: string) => (existsSync(join(root, 'tmp')) ? readdirSync(join(root, 'tmp')) : []);

describe('createBlobStore', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'outpost-blobs-'));
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('stores a snapshot under sha256/ab/cdef… and reads it back', async () => {
    const store = createBlobStore(root);
    const data = jpeg();
    const ref = await store.put(data, 'image/jpeg', 'snapshot');
    const hash = sha256(data);
    expect(ref).toEqual({ kind: 'snapshot', sha256: hash, contentType: 'image/jpeg', size: data.length });
    expect(store.path(hash)).toBe(join(root, 'sha256', hash.slice(0, 2), hash.slice(2)));
    expect(readFileSync(store.path(hash)).equals(data)).toBe(true);
    expect(store.has(hash)).toBe(true);
    expect((await store.stat(hash))?.size).toBe(data.length);
    const chunks: Buffer[] = [];
    for await (const chunk of store.open(hash)) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(data)).toBe(true);
    expect(tempFiles(root)).toEqual([]);
  });

  it('streams PNG snapshots and MP4 clips, taking the type from the content when the sender did not say', async () => {
    const store = createBlobStore(root);
    const image = png();
    const clip = mp4();
    expect(await store.put(chunked(image, 3), 'image/png', 'snapshot')).toMatchObject({ contentType: 'image/png' });
    expect(await store.put(chunked(clip), 'application/octet-stream', 'clip')).toMatchObject({
      contentType: 'video/mp4',
      size: clip.length,
      sha256: sha256(clip),
    });
    expect(storedFiles(root)).toHaveLength(2);
  });

  it('serves a byte range', async () => {
    const store = createBlobStore(root);
    const data = mp4();
    const ref = await store.put(data, 'video/mp4', 'clip');
    const part: Buffer[] = [];
    for await (const chunk of store.open(ref.sha256, { start: 100, end: 199 })) part.push(chunk as Buffer);
    expect(Buffer.concat(part).equals(data.subarray(100, 200))).toBe(true);
  });

  it('keeps one copy of the same content and leaves the existing file untouched', async () => {
    const store = createBlobStore(root);
    const data = jpeg();
    const first = await store.put(data, 'image/jpeg', 'snapshot');
    const before = statSync(store.path(first.sha256));
    const second = await store.put(chunked(data), 'image/jpeg', 'snapshot');
    expect(second).toEqual(first);
    expect(storedFiles(root)).toHaveLength(1);
    const after = statSync(store.path(first.sha256));
    expect(after.ino).toBe(before.ino);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(tempFiles(root)).toEqual([]);
  });

  it('stores concurrent puts of the same content once', async () => {
    const store = createBlobStore(root);
    const data = jpeg(200_000);
    const refs = await Promise.all(Array.from({ length: 8 }, () => store.put(chunked(data), 'image/jpeg', 'snapshot')));
    expect(new Set(refs.map((r) => r.sha256))).toEqual(new Set([sha256(data)]));
    expect(storedFiles(root)).toHaveLength(1);
    expect(readFileSync(store.path(sha256(data))).equals(data)).toBe(true);
    expect(tempFiles(root)).toEqual([]);
  });

  it('rejects input over the size limit with payload_too_large, keeping nothing', async () => {
    const store = createBlobStore(root, { maxBytes: 10_000 });
    const stream = chunked(jpeg(50_000), 1000);
    const err = await rejection(store.put(stream, 'image/jpeg', 'snapshot'));
    expect(err.code).toBe('payload_too_large');
    expect(err.message).toContain('10000');
    expect(stream.destroyed).toBe(true);
    expect(await rejection(store.put(jpeg(10_001), 'image/jpeg', 'snapshot'))).toMatchObject({
      code: 'payload_too_large',
    });
    expect(await store.put(jpeg(10_000), 'image/jpeg', 'snapshot')).toMatchObject({ size: 10_000 });
    expect(storedFiles(root)).toHaveLength(1);
    expect(tempFiles(root)).toEqual([]);
  });

  it('rejects content that does not match its declared type or kind, saying what was found', async () => {
    const store = createBlobStore(root);
    const mislabelled = await rejection(store.put(jpeg(), 'image/png', 'snapshot'));
    expect(mislabelled.code).toBe('unsupported_media_type');
    expect(mislabelled.message).toMatch(/declared as image\/png.*content is image\/jpeg/);
    const gif = Buffer.concat([Buffer.from('GIF89a'), randomBytes(100)]);
    expect((await rejection(store.put(gif, 'image/gif', 'snapshot'))).message).toContain('image/gif');
    expect(
      (await rejection(store.put(Buffer.from('just some text, no picture'), 'image/jpeg', 'snapshot'))).message,
    ).toMatch(/not an image or video/);
    expect((await rejection(store.put(jpeg(), 'image/jpeg', 'clip'))).message).toMatch(/clip must be video\/mp4/);
    expect((await rejection(store.put(Buffer.alloc(0), 'image/jpeg', 'snapshot'))).message).toContain('empty file');
    expect((await rejection(store.put(Buffer.from([0xff, 0xd8]), '', 'snapshot'))).code).toBe('unsupported_media_type');
    expect(storedFiles(root)).toEqual([]);
    expect(tempFiles(root)).toEqual([]);
  });

  it('leaves no file when the upload stream fails midway', async () => {
    const store = createBlobStore(root);
    const data = jpeg(10_000);
    const broken = Readable.from(
      (async function* () {
        yield data.subarray(0, 4000);
        yield data.subarray(4000, 8000);
        throw new Error('connection reset by peer');
      })(),
    );
    const err = await rejection(store.put(broken, 'image/jpeg', 'snapshot'));
    expect(err.code).toBe('invalid_input');
    expect(err.message).toMatch(/broke off/);
    expect(storedFiles(root)).toEqual([]);
    expect(tempFiles(root)).toEqual([]);
    expect(store.has(sha256(data))).toBe(false);
  });

  it('accepts only SHA-256 hex names, so no path can leave the store', async () => {
    const store = createBlobStore(root);
    for (const bad of ['../../etc/passwd', 'A'.repeat(64), 'a'.repeat(63), `${'a'.repeat(62)}/.`, '']) {
      expect(() => store.path(bad)).toThrow(OutpostError);
      expect(() => store.open(bad)).toThrow(/64 lower-case hex/);
      expect(store.has(bad)).toBe(false);
    }
    const missing = 'b'.repeat(64);
    expect(store.has(missing)).toBe(false);
    expect(await store.stat(missing)).toBeNull();
    let caught: unknown;
    try {
      store.open(missing);
    } catch (err) {
      caught = err;
    }
    expect((caught as OutpostError).code).toBe('not_found');
  });

  it('rejects a nonsensical size limit', () => {
    expect(() => createBlobStore(root, { maxBytes: 0 })).toThrow(/size limit/);
  });

  it('reads back text streams too', async () => {
    const store = createBlobStore(root);
    const ref = await store.put(png(), 'image/png', 'snapshot');
    expect(await text(store.open(ref.sha256, { start: 1, end: 3 }))).toBe('PNG');
  });

  it('putBytes stores already-checked bytes of any type content-addressed, once, within the size limit', async () => {
    const store = createBlobStore(root, { maxBytes: 1024 });
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><rect id="a" width="1" height="1"/></svg>');
    const ref = await store.putBytes(svg, 'image/svg+xml');
    expect(ref).toEqual({ sha256: sha256(svg), size: svg.length });
    expect(readFileSync(store.path(ref.sha256)).equals(svg)).toBe(true);
    expect(await store.putBytes(Buffer.from(svg), 'image/svg+xml')).toEqual(ref);
    expect(storedFiles(root)).toHaveLength(1);

    const err = await rejection(store.putBytes(Buffer.alloc(2048, 0x20), 'image/svg+xml'));
    expect(err.code).toBe('payload_too_large');
    expect(storedFiles(root)).toHaveLength(1);
    expect(tempFiles(root)).toEqual([]);
  });

  it('putHashed installs bytes hashed elsewhere under their hash, and keeps a blob already there', async () => {
    const store = createBlobStore(root, { maxBytes: 1024 });
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>');
    const ref = await store.putHashed(svg, sha256(svg), 'image/svg+xml');
    expect(ref).toEqual({ sha256: sha256(svg), size: svg.length });
    expect(readFileSync(store.path(ref.sha256)).equals(svg)).toBe(true);
    const before = statSync(store.path(ref.sha256)).mtimeMs;
    expect(await store.putHashed(Buffer.from(svg), sha256(svg), 'image/svg+xml')).toEqual(ref);
    expect(statSync(store.path(ref.sha256)).mtimeMs).toBe(before);
    expect(storedFiles(root)).toHaveLength(1);

    expect((await rejection(store.putHashed(Buffer.alloc(2048), sha256(Buffer.alloc(2048)), 'x'))).code).toBe(
      'payload_too_large',
    );
    await expect(store.putHashed(svg, 'not-a-hash', 'image/svg+xml')).rejects.toThrow(/SHA-256/);
    expect(tempFiles(root)).toEqual([]);
  });
});
