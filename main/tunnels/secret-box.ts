import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Private and preshared keys are sealed before the store sees them. The sealing key comes from
 * the host: a 0600 file in the data folder under `outpost serve`, or one the desktop app keeps with
 * Electron's safeStorage (main/electron/tunnel-key.ts) and hands the Core at start.
 *
 * AES-256-GCM from node:crypto, with a fresh 96-bit nonce per value; written here rather than
 * through a library because it is four calls, and the format (`v1.` nonce, tag, ciphertext in
 * base64url) must stay readable by every later version.
 */
export interface SecretBox {
  seal(plain: string): string;
  open(sealed: string): string;
}

const KEY_BYTES = 32;

export function createSecretBox(key: Uint8Array): SecretBox {
  if (key.length !== KEY_BYTES) throw new Error(`The tunnel sealing key must be ${KEY_BYTES} bytes.`);
  return {
    seal(plain) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `v1.${Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64url')}`;
    },
    open(sealed) {
      if (!sealed.startsWith('v1.')) throw new Error('A sealed tunnel key is in an unknown format.');
      const raw = Buffer.from(sealed.slice(3), 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      try {
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      } catch {
        throw new Error(
          'A tunnel key cannot be opened with this installation’s sealing key (keys/tunnels.key was replaced?). ' +
            'Restore the original key file, or remove and re-create the tunnels.',
        );
      }
    },
  };
}

export function tunnelKeyPath(dataDir: string): string {
  return join(dataDir, 'keys', 'tunnels.key');
}

/**
 * The serve-mode sealing key: `<dataDir>/keys/tunnels.key`, 32 random bytes, mode 0600, made on
 * first use with an exclusive create (two processes starting together keep the first one's key).
 */
export function loadFileSealingKey(dataDir: string): Uint8Array {
  mkdirSync(join(dataDir, 'keys'), { recursive: true, mode: 0o700 });
  const path = tunnelKeyPath(dataDir);
  try {
    writeFileSync(path, randomBytes(KEY_BYTES), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const key = readFileSync(path);
  if (key.length !== KEY_BYTES) {
    throw new Error(
      `The tunnel sealing key ${path} is damaged (${key.length} bytes, expected ${KEY_BYTES}). ` +
        'Restore it from a backup; without it the stored tunnel keys cannot be opened.',
    );
  }
  return new Uint8Array(key);
}
