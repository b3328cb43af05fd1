import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readKeyFile, writeKeyFile } from '../key-file.js';
import { KEY_BYTES } from './envelope.js';

/**
 * Where each site's archive key lives. Serve mode: a 0600 file per site under `<dataDir>/keys/archive/`.
 * The desktop app: the same folder, each key sealed by a `KeySealer` it injects (createSealedKeyStore).
 */
export interface ArchiveKeyStore {
  get(siteId: string): Promise<Buffer | undefined>;
  set(siteId: string, key: Buffer): Promise<void>;
}

/**
 * Seals a secret at rest, bound to a label (here the site id), so a sealed secret copied under another
 * label is refused. The desktop app injects one backed by the key it keeps with Electron's safeStorage
 * (main/electron/key-sealer.ts); the Core never imports electron. `unseal` throws when the sealed bytes
 * were not sealed by this sealer for this label.
 */
export interface KeySealer {
  seal(secret: Buffer, label: string): Buffer;
  unseal(sealed: Buffer, label: string): Buffer;
}

const SITE_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
/** A sealed key file is small; anything larger is not one of ours. */
const MAX_SEALED_BYTES = 4096;

function keyFileName(siteId: string): string {
  if (!SITE_ID.test(siteId)) throw new Error(`Not a site id: ${siteId}`);
  return `${siteId}.key`;
}

/** Serve mode: the plain key in a 0600 file in a 0700 folder (the OS account is the protection). */
export function createFileKeyStore(dir: string): ArchiveKeyStore {
  return {
    get: async (siteId) => readKeyFile(join(dir, keyFileName(siteId)), KEY_BYTES, 'archive key'),
    set: async (siteId, key) => writeKeyFile(join(dir, keyFileName(siteId)), key),
  };
}

/**
 * The desktop app's archive keys: each in `<siteId>.key.sealed` (still 0600), sealed by the injected
 * sealer, so a copy of the data folder alone opens nothing. A plain `<siteId>.key` (from serve mode, or
 * an older version) is sealed on first use, and the plain file removed once the sealed one reads back.
 */
export function createSealedKeyStore(dir: string, sealer: KeySealer): ArchiveKeyStore {
  const sealedPath = (siteId: string) => join(dir, `${keyFileName(siteId)}.sealed`);

  function readSealed(siteId: string): Buffer | undefined {
    const path = sealedPath(siteId);
    const sealed = readSealedFile(path);
    if (!sealed) return undefined;
    let key: Buffer;
    try {
      key = sealer.unseal(sealed, siteId);
    } catch {
      throw new Error(
        `The archive key ${path} does not open with this computer's key store (was the data folder copied from ` +
          "another computer or user account?). Import the site's archive key from your key export.",
      );
    }
    if (key.length !== KEY_BYTES)
      throw new Error(`The archive key ${path} is damaged. Import it from your key export.`);
    return key;
  }

  async function set(siteId: string, key: Buffer): Promise<void> {
    if (key.length !== KEY_BYTES) throw new Error(`An archive key is ${KEY_BYTES} bytes.`);
    writeKeyFile(sealedPath(siteId), sealer.seal(key, siteId));
  }

  return {
    async get(siteId) {
      const sealed = readSealed(siteId);
      if (sealed) return sealed;
      const plainPath = join(dir, keyFileName(siteId));
      const plain = readKeyFile(plainPath, KEY_BYTES, 'archive key');
      if (!plain) return undefined;
      await set(siteId, plain);
      // Only once the sealed copy reads back: a crash in between leaves the plain file to seal next time.
      if (readSealed(siteId)?.equals(plain) && existsSync(plainPath)) rmSync(plainPath);
      return plain;
    },
    set,
  };
}

function readSealedFile(path: string): Buffer | undefined {
  const sealed = readKeyFile(path, undefined, 'sealed archive key');
  if (sealed && (sealed.length === 0 || sealed.length > MAX_SEALED_BYTES)) {
    throw new Error(
      `The sealed archive key ${path} is damaged (${sealed.length} bytes). Import the site's archive key again from your key export.`,
    );
  }
  return sealed;
}
