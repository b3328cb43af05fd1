import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { KeySealer } from '../core/index.js';

const MAGIC = Buffer.from('OPSK1', 'latin1');
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The desktop app's sealer for the Core's secrets at rest (each site's archive key): AES-256-GCM under a
 * key derived (HKDF-SHA256, its own info string) from the app's sealing key — 32 random bytes kept with
 * Electron's safeStorage (tunnel-key.ts: the OS keychain, DPAPI or the Secret Service). The Core runs in a
 * utility process that cannot call safeStorage, so main opens the sealing key and the Core seals with
 * this. The label (the site id) is associated data: a sealed key renamed to another site is refused.
 *
 * By hand rather than a library: one AES-GCM call each way with node:crypto, and the format
 * (`OPSK1 | nonce | ciphertext | tag`) must stay readable by every later version.
 */
export function createKeySealer(sealingKey: Uint8Array): KeySealer {
  if (sealingKey.length !== 32) throw new Error('The sealing key must be 32 bytes.');
  const key = Buffer.from(hkdfSync('sha256', sealingKey, Buffer.alloc(0), 'outpost archive keys v1', 32));
  return {
    seal(secret, label) {
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      cipher.setAAD(Buffer.from(label, 'utf8'));
      const body = Buffer.concat([cipher.update(secret), cipher.final()]);
      return Buffer.concat([MAGIC, nonce, body, cipher.getAuthTag()]);
    },
    unseal(sealed, label) {
      if (sealed.length < MAGIC.length + NONCE_BYTES + TAG_BYTES || !sealed.subarray(0, MAGIC.length).equals(MAGIC)) {
        throw new Error('Not a sealed secret.');
      }
      const nonce = sealed.subarray(MAGIC.length, MAGIC.length + NONCE_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', key, nonce);
      decipher.setAAD(Buffer.from(label, 'utf8'));
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      return Buffer.concat([
        decipher.update(sealed.subarray(MAGIC.length + NONCE_BYTES, -TAG_BYTES)),
        decipher.final(),
      ]);
    },
  };
}
