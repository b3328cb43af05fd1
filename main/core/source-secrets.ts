import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { SECRET_MASK } from '../contract/index.js';

/** Config keys whose values are secrets, whatever the source kind (password, apiKey, token, …). */
const SECRET_KEY = /pass(word)?|secret|token|api[-_]?key|private[-_]?key|credential/i;

/** A copy of `config` with every secret value replaced by SECRET_MASK, at any depth. */
export function maskSecrets(config: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(config).map(([key, value]) => {
      if (SECRET_KEY.test(key) && value !== null && value !== undefined && value !== '') return [key, SECRET_MASK];
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        return [key, maskSecrets(value as Record<string, unknown>)];
      }
      return [key, value];
    }),
  );
}

/** An update that sends the mask back keeps the stored secret. */
export function keepMaskedSecrets(
  next: Record<string, unknown>,
  stored: Record<string, unknown>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(next).map(([key, value]) => {
      if (value === SECRET_MASK && key in stored) return [key, stored[key]];
      const before = stored[key];
      if (
        typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        typeof before === 'object' &&
        before !== null
      ) {
        return [key, keepMaskedSecrets(value as Record<string, unknown>, before as Record<string, unknown>)];
      }
      return [key, value];
    }),
  );
}

/** A webhook token: 32 random bytes, base64url. Only its SHA-256 is stored. */
export function newWebhookToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time comparison of a presented token with the stored hash. */
export function tokenMatches(presented: string, storedHash: string): boolean {
  const a = Buffer.from(hashToken(presented), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
