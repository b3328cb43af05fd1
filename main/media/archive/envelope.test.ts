import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { OutpostError } from '../../contract/index.js';
import {
  createDecryptStream,
  encryptedSize,
  HEADER_BYTES,
  keyIdOf,
  newObject,
  openHeader,
  sealAll,
  TAG_BYTES,
} from './envelope.js';

const KEK = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
/** A predictable "random" source: 0xa0, 0xa1, … so the output below never changes. */
function counting() {
  let next = 0xa0;
  return (n: number) => Buffer.from(Array.from({ length: n }, () => next++ & 0xff));
}
const PLAIN = Buffer.from('Outpost archive, chunk test: 40 bytes..', 'latin1');
/** Version 1 of the format, 16-byte chunks, for the inputs above. Changing the format changes this. */
const KNOWN =
  '4f504152010004004d468ea74607f089c0c1c2c3c4c5c600c7c8c9cacbcccdcecfd0d1d2fe8b42f851185a855bf7113d378b1b19272b736e9b76498ea12e8d544c12b01daea8296ce53dd649f05b7edff0a7b97ade99e5b47f5fa6c1daebe0123e280088f520ac1976c0c347728a9a774d2bc0bdd611e797a0125bcacb907bf3dadc22b5fcf38bb7ed07a1faf84e8e8420ab7dd81dab1c0134c4c0255aba86090d1e0199260908bc499a29';

async function decrypt(data: Buffer, key: Uint8Array = KEK, pieces = 7): Promise<Buffer> {
  const size = Math.ceil(data.length / pieces);
  const source = Readable.from(Array.from({ length: pieces }, (_, i) => data.subarray(i * size, (i + 1) * size)));
  const out = createDecryptStream(key);
  const [result] = await Promise.all([buffer(out), pipeline(source, out)]);
  return result;
}

async function refusal(data: Buffer, key: Uint8Array = KEK): Promise<OutpostError> {
  const err = await decrypt(data, key).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(OutpostError);
  expect((err as OutpostError).code).toBe('unprocessable');
  return err as OutpostError;
}

describe('archive envelope (AES-256-GCM in chunks)', () => {
  it('is AES-256-GCM: the GCM specification’s test case 16', () => {
    const key = Buffer.from('feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308', 'hex');
    const iv = Buffer.from('cafebabefacedbaddecaf888', 'hex');
    const plain = Buffer.from(
      'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39',
      'hex',
    );
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from('feedfacedeadbeeffeedfacedeadbeefabaddad2', 'hex'));
    const sealed = Buffer.concat([cipher.update(plain), cipher.final()]);
    expect(sealed.toString('hex')).toBe(
      '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662',
    );
    expect(cipher.getAuthTag().toString('hex')).toBe('76fc6ece0f4e1768cddf8853bb2d551b');
  });

  it('produces the known bytes for fixed keys and nonces (known-answer test of the format)', () => {
    const keys = newObject(KEK, { chunkLog2: 4, random: counting() });
    const sealed = sealAll(keys, PLAIN);
    expect(sealed.toString('hex')).toBe(KNOWN);
    expect(sealed.length).toBe(encryptedSize(PLAIN.length, 16));
  });

  it('can be read with nothing but AES-256-GCM and the layout described in envelope.ts', () => {
    const sealed = Buffer.from(KNOWN, 'hex');
    const header = sealed.subarray(0, HEADER_BYTES);
    expect(header.toString('latin1', 0, 4)).toBe('OPAR');
    expect(header.subarray(8, 16).equals(keyIdOf(KEK))).toBe(true);
    const unwrap = createDecipheriv('aes-256-gcm', KEK, header.subarray(24, 36));
    unwrap.setAAD(header.subarray(0, 24));
    unwrap.setAuthTag(header.subarray(68, 84));
    const dataKey = Buffer.concat([unwrap.update(header.subarray(36, 68)), unwrap.final()]);
    // The counting source handed out the data key first, then the nonce prefix, then the wrap nonce.
    expect(dataKey.toString('hex')).toBe(counting()(32).toString('hex'));
    const lastNonce = Buffer.concat([header.subarray(16, 23), Buffer.from([0, 0, 0, 2, 1])]);
    const last = sealed.subarray(HEADER_BYTES + 2 * (16 + TAG_BYTES));
    const chunk = createDecipheriv('aes-256-gcm', dataKey, lastNonce);
    chunk.setAAD(header);
    chunk.setAuthTag(last.subarray(last.length - TAG_BYTES));
    expect(
      Buffer.concat([chunk.update(last.subarray(0, last.length - TAG_BYTES)), chunk.final()]).toString('latin1'),
    ).toBe(PLAIN.subarray(32).toString('latin1'));
  });

  it('round-trips empty, exact-multiple and ragged sizes, however the stream is cut into pieces', async () => {
    for (const size of [0, 1, 16, 32, 33, 1000]) {
      const plain = randomBytes(size);
      const sealed = sealAll(newObject(KEK, { chunkLog2: 4 }), plain);
      expect(sealed.length).toBe(encryptedSize(size, 16));
      for (const pieces of [1, 3, 50]) expect((await decrypt(sealed, KEK, pieces)).equals(plain)).toBe(true);
    }
  });

  it('refuses a changed byte anywhere, naming the chunk', async () => {
    const sealed = sealAll(newObject(KEK, { chunkLog2: 4 }), randomBytes(100));
    const changed = Buffer.from(sealed);
    changed[HEADER_BYTES + 40]! ^= 1;
    expect((await refusal(changed)).message).toMatch(/integrity check at chunk 1/);
    const header = Buffer.from(sealed);
    header[20]! ^= 1;
    expect((await refusal(header)).message).toMatch(/header was changed, or the key is wrong/);
  });

  it('refuses an object cut short, at a chunk boundary or inside a chunk', async () => {
    const sealed = sealAll(newObject(KEK, { chunkLog2: 4 }), randomBytes(100));
    const atBoundary = sealed.subarray(0, HEADER_BYTES + 3 * (16 + TAG_BYTES));
    expect((await refusal(atBoundary)).message).toMatch(/truncated: it ends after chunk 2 without its final chunk/);
    expect((await refusal(sealed.subarray(0, sealed.length - 5))).message).toMatch(/integrity check|truncated/);
    expect((await refusal(sealed.subarray(0, 50))).message).toMatch(/truncated: it ends inside its header/);
  });

  it('refuses chunks in another order', async () => {
    const sealed = sealAll(newObject(KEK, { chunkLog2: 4 }), randomBytes(64));
    const c = 16 + TAG_BYTES;
    const swapped = Buffer.concat([
      sealed.subarray(0, HEADER_BYTES),
      sealed.subarray(HEADER_BYTES + c, HEADER_BYTES + 2 * c),
      sealed.subarray(HEADER_BYTES, HEADER_BYTES + c),
      sealed.subarray(HEADER_BYTES + 2 * c),
    ]);
    expect((await refusal(swapped)).message).toMatch(/integrity check at chunk 0/);
  });

  it('says a wrong key is a wrong key, with both key ids', async () => {
    const sealed = sealAll(newObject(KEK, { chunkLog2: 4 }), randomBytes(10));
    const other = randomBytes(32);
    const err = await refusal(sealed, other);
    expect(err.message).toContain(keyIdOf(KEK).toString('hex'));
    expect(err.message).toContain('Import the right key');
    expect(() =>
      openHeader(
        Buffer.from('not an archive object at all, no header here........................................'),
        KEK,
      ),
    ).toThrow(/not an Outpost archive object/);
  });
});
