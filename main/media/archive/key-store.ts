import { join } from 'node:path';
import { readKeyFile, writeKeyFile } from '../key-file.js';
import { KEY_BYTES } from './envelope.js';

/**
 * Where each site's archive key lives. Serve mode: a 0600 file per site under `<dataDir>/keys/archive/`.
 * The desktop app passes one backed by the OS key store (Electron safeStorage, main/electron).
 */
export interface ArchiveKeyStore {
  get(siteId: string): Promise<Buffer | undefined>;
  set(siteId: string, key: Buffer): Promise<void>;
}

const SITE_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export function createFileKeyStore(dir: string): ArchiveKeyStore {
  const pathOf = (siteId: string) => {
    if (!SITE_ID.test(siteId)) throw new Error(`Not a site id: ${siteId}`);
    return join(dir, `${siteId}.key`);
  };
  return {
    get: async (siteId) => readKeyFile(pathOf(siteId), KEY_BYTES, 'archive key'),
    set: async (siteId, key) => writeKeyFile(pathOf(siteId), key),
  };
}
