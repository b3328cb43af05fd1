import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileKeyStore } from './key-store.js';

const SITE = '01HZX3W2Y4K5M6N7P8Q9R0S1T2';
const POSIX = process.platform !== 'win32';

describe('serve-mode archive keys (plain 0600 files)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'outpost-keys-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps a site key in its own 0600 file in a 0700 folder and reads it back', async () => {
    const keys = createFileKeyStore(join(dir, 'archive'));
    expect(await keys.get(SITE)).toBeUndefined();
    const key = Buffer.alloc(32, 7);
    await keys.set(SITE, key);
    expect(await keys.get(SITE)).toEqual(key);
    const path = join(dir, 'archive', `${SITE}.key`);
    expect(readFileSync(path)).toEqual(key);
    if (POSIX) {
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(statSync(join(dir, 'archive')).mode & 0o777).toBe(0o700);
    }
  });

  it('puts a loosened file back to 0600 when it reads it', async () => {
    const keys = createFileKeyStore(dir);
    await keys.set(SITE, Buffer.alloc(32, 1));
    const path = join(dir, `${SITE}.key`);
    writeFileSync(path, Buffer.alloc(32, 1), { mode: 0o644 });
    await keys.get(SITE);
    if (POSIX) expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('refuses a damaged key file, saying where and what to do', async () => {
    writeFileSync(join(dir, `${SITE}.key`), Buffer.alloc(31));
    await expect(createFileKeyStore(dir).get(SITE)).rejects.toThrow(/damaged \(31 bytes, expected 32\).*key export/);
  });

  it('refuses a site id that could name another path', async () => {
    await expect(createFileKeyStore(dir).get('../../etc/passwd')).rejects.toThrow(/Not a site id/);
    await expect(createFileKeyStore(dir).set('../x', Buffer.alloc(32))).rejects.toThrow(/Not a site id/);
  });
});
