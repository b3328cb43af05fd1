import type { Database } from '../../native/sqlite/index.js';
import type { Scope } from './types.js';

export type UserLinkPurpose = 'invite' | 'reset';

export interface UserLinkRow {
  tenantId: string;
  userId: string;
  purpose: UserLinkPurpose;
  expiresAt: number;
  usedAt: number | null;
  createdBy: string;
  createdAt: number;
}

/**
 * Invitation and password-reset links. Only the SHA-256 of a token is stored; `find` and `consume`
 * are the lookups that run before anyone is signed in (the token itself is the credential), like
 * the credential lookup of sign-in.
 */
export interface UserLinksRepository {
  /** Records a new link and retires the user's earlier unused links of any purpose: only the newest works. */
  create(
    scope: Scope,
    link: { tokenHash: string; userId: string; purpose: UserLinkPurpose; expiresAt: number; createdBy: string },
  ): void;
  /** The link, if it is unused and unexpired at `now`. */
  find(tokenHash: string, now: number): UserLinkRow | undefined;
  /** Marks the link used and returns it, only if it was unused and unexpired at `now` (once, whoever races). */
  consume(tokenHash: string, now: number): UserLinkRow | undefined;
  /** Retires every unused link of a user (disabled, signed out everywhere, given a new link). */
  retire(scope: Scope, userId: string, now: number): number;
  /** The newest unused, unexpired invitation of each user of the tenant, by user id: when it expires. */
  pendingInvites(scope: Scope, now: number): Map<string, number>;
}

const COLUMNS =
  'tenant_id AS tenantId, user_id AS userId, purpose, expires_at AS expiresAt, used_at AS usedAt, created_by AS createdBy, created_at AS createdAt';

export function createUserLinksRepository(db: Database): UserLinksRepository {
  const insert = db.prepare<[string, string, number, string, number, string, string]>(
    `INSERT INTO user_links (token_hash, tenant_id, user_id, purpose, expires_at, created_by, created_at)
     SELECT ?, tenant_id, id, ?, ?, ?, ? FROM users WHERE id = ? AND tenant_id = ?`,
  );
  const retire = db.prepare<[number, string, string]>(
    'UPDATE user_links SET used_at = ? WHERE tenant_id = ? AND user_id = ? AND used_at IS NULL',
  );
  const find = db.prepare<[string, number], UserLinkRow>(
    `SELECT ${COLUMNS} FROM user_links WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?`,
  );
  const consume = db.prepare<[number, string, number], UserLinkRow>(
    `UPDATE user_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING ${COLUMNS}`,
  );
  const pending = db.prepare<[string, number], { userId: string; expiresAt: number }>(
    `SELECT user_id AS userId, max(expires_at) AS expiresAt FROM user_links
     WHERE tenant_id = ? AND purpose = 'invite' AND used_at IS NULL AND expires_at > ? GROUP BY user_id`,
  );
  const create = db.transaction(
    (scope: Scope, link: Parameters<UserLinksRepository['create']>[1], at: number): void => {
      retire.run(at, scope.tenantId, link.userId);
      insert.run(link.tokenHash, link.purpose, link.expiresAt, link.createdBy, at, link.userId, scope.tenantId);
    },
  );

  return {
    create: (scope, link) => create(scope, link, Date.now()),
    find: (tokenHash, now) => find.get(tokenHash, now),
    consume: (tokenHash, now) => consume.get(now, tokenHash, now),
    retire: (scope, userId, now) => retire.run(now, scope.tenantId, userId).changes,
    pendingInvites: (scope, now) => new Map(pending.all(scope.tenantId, now).map((r) => [r.userId, r.expiresAt])),
  };
}
