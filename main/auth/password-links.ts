import { createHash, randomBytes } from 'node:crypto';
import { OutpostError, type PasswordLink } from '../contract/index.js';
import type { Store, UserLinkPurpose, UserLinkRow } from '../store/index.js';

/** 256 random bits: a link is as hard to guess as a session signing key. */
const TOKEN_BYTES = 32;

export const hashLinkToken = (token: string): string => createHash('sha256').update(token).digest('hex');

const NOT_VALID =
  'This link does not work: it was already used, has expired, or was replaced by a newer one. Ask an admin for a new link.';

export interface PasswordLinks {
  /** A new link for the user (earlier unused links of theirs stop working); the token is shown only here. */
  issue(tenantId: string, userId: string, purpose: UserLinkPurpose, createdBy: string): PasswordLink;
  /** The link's row while it works; `not_found` otherwise (used, expired, replaced or never issued look the same). */
  peek(token: string): UserLinkRow;
  /** Uses the link up (once, whoever races) and answers its row; `not_found` as for peek. */
  consume(token: string): UserLinkRow;
}

/**
 * Invitation and reset links. Only the token's SHA-256 is stored, like a session's: a copy of the
 * database hands nobody a working link. Every issue and every use goes through an audited contract
 * method (users.invite, users.resetPassword, auth.setPassword).
 */
export function createPasswordLinks(
  store: Pick<Store, 'userLinks'>,
  ttlHours: Record<UserLinkPurpose, number>,
  now: () => number,
): PasswordLinks {
  return {
    issue(tenantId, userId, purpose, createdBy) {
      const token = randomBytes(TOKEN_BYTES).toString('base64url');
      const expiresAt = now() + Math.round(ttlHours[purpose] * 3_600_000);
      store.userLinks.create({ tenantId }, { tokenHash: hashLinkToken(token), userId, purpose, expiresAt, createdBy });
      return { token, expiresAt };
    },
    peek(token) {
      const row = store.userLinks.find(hashLinkToken(token), now());
      if (!row) throw new OutpostError('not_found', NOT_VALID);
      return row;
    },
    consume(token) {
      const row = store.userLinks.consume(hashLinkToken(token), now());
      if (!row) throw new OutpostError('not_found', NOT_VALID);
      return row;
    },
  };
}
