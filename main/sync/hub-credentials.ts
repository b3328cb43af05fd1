import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { OutpostError } from '../contract/index.js';
import { CODE_BYTES, formatEnrolmentCode, normaliseEnrolmentCode } from './protocol/index.js';

/*
 * Enrolment codes and site credentials on the hub: both are random, shown or handed out once, and
 * only their SHA-256 is stored (a stolen hub database enrols nothing and impersonates no site). A
 * credential names its site (`<siteId>.<secret>`), so the hub looks up one row, never scans.
 */

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export function newEnrolmentCode(): { code: string; hash: string } {
  const code = formatEnrolmentCode(randomBytes(CODE_BYTES));
  return { code, hash: codeHash(code)! };
}

/** The stored hash of a typed code, or null when it cannot be a code at all. */
export function codeHash(typed: string): string | null {
  const canonical = normaliseEnrolmentCode(typed);
  return canonical === null ? null : sha256(`enrolment:${canonical}`);
}

export function newCredential(siteId: string): { credential: string; hash: string } {
  const credential = `${siteId}.${randomBytes(32).toString('base64url')}`;
  return { credential, hash: sha256(credential) };
}

/** The site id a credential claims; the caller checks the hash against that site's. */
export function credentialSite(credential: string | undefined): string {
  const siteId = credential?.split('.')[0];
  if (!credential || !siteId || siteId.length > 64) {
    throw new OutpostError(
      'unauthenticated',
      'This request carries no site credential. Enrol the site with the hub first.',
    );
  }
  return siteId;
}

export function credentialMatches(credential: string, storedHash: string): boolean {
  const a = Buffer.from(sha256(credential), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
