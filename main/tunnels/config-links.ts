import { createHash, randomBytes } from 'node:crypto';

/**
 * One-time download links: 256 random bits (unguessable, unlike a sequential or short id), of which
 * the store keeps only the SHA-256, so a copy of the database holds no usable link.
 */
export const LINK_PREFIX = '/api/tunnels/config/';

export function newLinkToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashLinkToken(token) };
}

export function hashLinkToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export const isLinkToken = (text: string) => /^[A-Za-z0-9_-]{43}$/.test(text);
