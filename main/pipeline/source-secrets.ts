import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { SECRET_MASK } from '../contract/index.js';

/** Config keys whose values are secrets, whatever the source kind (password, apiKey, token, …). */
const SECRET_KEY = /pass(word)?|secret|token|api[-_]?key|private[-_]?key|credential/i;

/**
 * Credentials can also hide inside a string setting whose key says nothing: the password of a URL
 * (`mqtt://user:pw@host`, `postgres://user:pw@host/db`) or of a libpq connection string
 * (`host=db password=pw`). Only the password part is masked, so the rest stays readable.
 */
const URL_PASSWORD = /^([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)([^@/?#\s]+)(@)/i;
const LIBPQ_PASSWORD = /(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s']+)/i;

/** Where the password inside a URL or libpq string starts, and what it is. */
function embeddedSecret(value: string): { at: number; secret: string } | undefined {
  for (const pattern of [URL_PASSWORD, LIBPQ_PASSWORD]) {
    const match = pattern.exec(value);
    if (match?.[1] !== undefined && match[2] && match[2] !== SECRET_MASK) {
      return { at: match.index + match[1].length, secret: match[2] };
    }
  }
  return undefined;
}

function replaceAt(value: string, at: number, length: number, replacement: string): string {
  return value.slice(0, at) + replacement + value.slice(at + length);
}

function maskEmbedded(value: string): string {
  const found = embeddedSecret(value);
  return found ? replaceAt(value, found.at, found.secret.length, SECRET_MASK) : value;
}

/** A copy of `config` with every secret value replaced by SECRET_MASK, at any depth. */
export function maskSecrets(config: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(config).map(([key, value]) => {
      if (SECRET_KEY.test(key) && value !== null && value !== undefined && value !== '') return [key, SECRET_MASK];
      if (typeof value === 'string') return [key, maskEmbedded(value)];
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
      if (typeof value === 'string' && value.includes(SECRET_MASK) && typeof before === 'string') {
        const kept = embeddedSecret(before);
        if (kept) return [key, value.replace(SECRET_MASK, () => kept.secret)];
      }
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
