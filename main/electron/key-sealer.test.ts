import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSealedKeyStore } from '../media/index.js';
import { createKeySealer } from './key-sealer.js';

const SITE = '01HZX3W2Y4K5M6N7P8Q9R0S1T2';
const OTHER_SITE = '01HZX3W2Y4K5M6N7P8Q9R0S1T3';

describe('the desktop sealer', () => {
  const sealer = createKeySealer(randomBytes(32));

  it('round-trips and never shows the secret in the sealed bytes', () => {
    const secret = randomBytes(32);
    const sealed = sealer.seal(secret, SITE);
    expect(sealed.includes(secret)).toBe(false);
    expect(sealer.unseal(sealed, SITE)).toEqual(secret);
    // A fresh nonce each time: sealing twice gives different bytes.
    expect(sealer.seal(secret, SITE).equals(sealed)).toBe(false);
  });

  it('refuses another label, another sealing key, a flipped bit and a short input', () => {
    const sealed = sealer.seal(randomBytes(32), SITE);
    expect(() => sealer.unseal(sealed, OTHER_SITE)).toThrow();
    expect(() => createKeySealer(randomBytes(32)).unseal(sealed, SITE)).toThrow();
    const flipped = Buffer.from(sealed);
    flipped[20] = flipped[20]! ^ 1;
    expect(() => sealer.unseal(flipped, SITE)).toThrow();
    expect(() => sealer.unseal(sealed.subarray(0, 10), SITE)).toThrow(/Not a sealed secret/);
  });

  it('wants a 32-byte sealing key', () => {
    expect(() => createKeySealer(randomBytes(16))).toThrow(/32 bytes/);
  });
});

describe('archive keys sealed by the injected sealer', () => {
  let dir: string;
  const sealingKey = randomBytes(32);
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'outpost-sealed-keys-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stores only the sealed key (0600) and reads it back after a restart', async () => {
    const key = randomBytes(32);
    await createSealedKeyStore(dir, createKeySealer(sealingKey)).set(SITE, key);
    const path = join(dir, `${SITE}.key.sealed`);
    expect(readFileSync(path).includes(key)).toBe(false);
    expect(existsSync(join(dir, `${SITE}.key`))).toBe(false);
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(await createSealedKeyStore(dir, createKeySealer(sealingKey)).get(SITE)).toEqual(key);
  });

  it('seals a plain key file from serve mode on first use and removes the plain copy', async () => {
    const key = randomBytes(32);
    writeFileSync(join(dir, `${SITE}.key`), key, { mode: 0o600 });
    const keys = createSealedKeyStore(dir, createKeySealer(sealingKey));
    expect(await keys.get(SITE)).toEqual(key);
    expect(existsSync(join(dir, `${SITE}.key`))).toBe(false);
    expect(await keys.get(SITE)).toEqual(key);
  });

  it('tells the user to import the key when the data folder came from another computer', async () => {
    await createSealedKeyStore(dir, createKeySealer(sealingKey)).set(SITE, randomBytes(32));
    await expect(createSealedKeyStore(dir, createKeySealer(randomBytes(32))).get(SITE)).rejects.toThrow(
      /does not open with this computer's key store.*key export/,
    );
  });

  it("refuses a sealed key renamed to another site's file", async () => {
    await createSealedKeyStore(dir, createKeySealer(sealingKey)).set(SITE, randomBytes(32));
    renameSync(join(dir, `${SITE}.key.sealed`), join(dir, `${OTHER_SITE}.key.sealed`));
    await expect(createSealedKeyStore(dir, createKeySealer(sealingKey)).get(OTHER_SITE)).rejects.toThrow(
      /does not open/,
    );
  });
});
