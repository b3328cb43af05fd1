import { OutpostError } from '../contract/index.js';
import type { Database } from '../../native/sqlite/index.js';
import { newId } from './ids.js';
import type { SessionRow, Store } from './types.js';

const COLUMNS =
  'id, tenant_id AS tenantId, user_id AS userId, created_at AS createdAt, expires_at AS expiresAt, revoked_at AS revokedAt, address, user_agent AS userAgent';

export function createSessionsRepository(db: Database): Store['sessions'] {
  // Selecting the user inside the scope makes a session for another tenant's user impossible.
  const insert = db.prepare<[SessionRow], SessionRow>(
    `INSERT INTO sessions (id, tenant_id, user_id, created_at, expires_at, revoked_at, address, user_agent)
     SELECT @id, tenant_id, id, @createdAt, @expiresAt, NULL, @address, @userAgent
     FROM users WHERE id = @userId AND tenant_id = @tenantId
     RETURNING ${COLUMNS}`,
  );
  const byId = db.prepare<[string, string], SessionRow>(
    `SELECT ${COLUMNS} FROM sessions WHERE id = ? AND tenant_id = ?`,
  );
  const revoke = db.prepare<[number, string, string, number]>(
    `UPDATE sessions SET revoked_at = ?
     WHERE id = ? AND tenant_id = ? AND revoked_at IS NULL AND expires_at > ?`,
  );

  const revokeAll = db.prepare<[number, string, number]>(
    'UPDATE sessions SET revoked_at = ? WHERE tenant_id = ? AND revoked_at IS NULL AND expires_at > ?',
  );

  const revokeUser = db.prepare<[number, string, string, number]>(
    'UPDATE sessions SET revoked_at = ? WHERE tenant_id = ? AND user_id = ? AND revoked_at IS NULL AND expires_at > ?',
  );

  const seenFrom = db
    .prepare<[string, string, string, number], number>(
      'SELECT 1 FROM sessions WHERE tenant_id = ? AND user_id = ? AND address = ? AND created_at >= ? LIMIT 1',
    )
    .pluck();

  return {
    create(scope, data) {
      const row = insert.get({
        id: newId(),
        tenantId: scope.tenantId,
        userId: data.userId,
        createdAt: Date.now(),
        expiresAt: data.expiresAt,
        revokedAt: null,
        address: data.address,
        userAgent: data.userAgent,
      });
      if (!row) throw new OutpostError('not_found', `There is no user ${data.userId} in this tenant. Sign in again.`);
      return row;
    },
    get: (scope, id) => byId.get(id, scope.tenantId),
    revoke(scope, id) {
      const now = Date.now();
      return revoke.run(now, id, scope.tenantId, now).changes > 0;
    },
    seenFrom: (scope, userId, address, since) => seenFrom.get(scope.tenantId, userId, address, since) !== undefined,
    revokeUser(scope, userId) {
      const now = Date.now();
      return revokeUser.run(now, scope.tenantId, userId, now).changes;
    },
    revokeAll(scope) {
      const now = Date.now();
      return revokeAll.run(now, scope.tenantId, now).changes;
    },
  };
}
