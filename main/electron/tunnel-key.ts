import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { safeStorage } from 'electron';

/**
 * The desktop app's tunnel sealing key (see main/tunnels/secret-box.ts): 32 random bytes kept in
 * `<dataDir>/keys/tunnels.key.safe`, encrypted by Electron's safeStorage (the OS keychain, DPAPI or
 * the Secret Service), handed to the Core process at start. The Core itself never imports electron,
 * and its utility process cannot use safeStorage, so main opens the key.
 * Null when the OS offers no safeStorage: the Core then falls back to its 0600 key file.
 */
export function loadTunnelSealingKey(dataDir: string): Buffer | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  const dir = join(dataDir, 'keys');
  const path = join(dir, 'tunnels.key.safe');
  try {
    return Buffer.from(safeStorage.decryptString(readFileSync(path)), 'base64');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(path, safeStorage.encryptString(key.toString('base64')), { flag: 'wx', mode: 0o600 });
  return key;
}
