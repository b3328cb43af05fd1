import { createPrivateKey, createPublicKey, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * WireGuard keys as `wg` writes them: 32 bytes in standard base64 (44 characters). X25519 comes
 * from node:crypto (OpenSSL); only the clamping and the JWK framing are here.
 */

const KEY_BYTES = 32;
const KEY_PATTERN = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

/** True for a 32-byte base64 key in the form `wg genkey`, `wg pubkey` and `wg genpsk` print. */
export function isWireguardKey(text: string): boolean {
  return KEY_PATTERN.test(text);
}

function decodeKey(key: string, what: string): Buffer {
  if (!isWireguardKey(key)) throw new Error(`The ${what} is not a WireGuard key (44 base64 characters).`);
  return Buffer.from(key, 'base64');
}

/** RFC 7748 clamping, as `wg genkey` does: the stored key is then exactly what wg would store. */
function clamp(bytes: Buffer): Buffer {
  bytes[0]! &= 248;
  bytes[31]! = (bytes[31]! & 127) | 64;
  return bytes;
}

/** A new private key, clamped like `wg genkey`. */
export function generatePrivateKey(): string {
  return clamp(randomBytes(KEY_BYTES)).toString('base64');
}

/** The public key of a private key, as `wg pubkey` prints it. */
export function publicKeyOf(privateKey: string): string {
  const d = decodeKey(privateKey, 'private key').toString('base64url');
  const key = createPrivateKey({ key: { kty: 'OKP', crv: 'X25519', d, x: '' }, format: 'jwk' });
  const jwk = createPublicKey(key).export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new Error('OpenSSL returned no X25519 public key.');
  return Buffer.from(jwk.x, 'base64url').toString('base64');
}

/** A new key pair. */
export function generateKeyPair(): { privateKey: string; publicKey: string } {
  const privateKey = generatePrivateKey();
  return { privateKey, publicKey: publicKeyOf(privateKey) };
}

/** A preshared key, as `wg genpsk` makes it (32 random bytes, no clamping). */
export function generatePresharedKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

/** Compares two keys without leaking where they differ. */
export function sameKey(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
