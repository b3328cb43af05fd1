import type { Database } from '../../native/sqlite/index.js';
import { newId } from './ids.js';
import type { AuditEntry, Store } from './types.js';

const COLUMNS =
  'id, tenant_id AS tenantId, actor_user_id AS actorUserId, actor_email AS actorEmail, action, target_id AS targetId, detail, outcome, transport, address, at';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

export function createAuditRepository(db: Database): Store['audit'] {
  const insert = db.prepare<[AuditEntry]>(
    `INSERT INTO audit_log (id, tenant_id, actor_user_id, actor_email, action, target_id, detail, outcome, transport, address, at)
     VALUES (@id, @tenantId, @actorUserId, @actorEmail, @action, @targetId, @detail, @outcome, @transport, @address, @at)`,
  );
  // Newest first; the monotonic id breaks ties between entries of the same millisecond.
  const page = db.prepare<[string, number, number], AuditEntry>(
    `SELECT ${COLUMNS} FROM audit_log WHERE tenant_id = ? AND at < ? ORDER BY at DESC, id DESC LIMIT ?`,
  );

  return {
    write(scope, entry) {
      const row: AuditEntry = {
        id: newId(),
        tenantId: scope.tenantId,
        actorUserId: entry.actorUserId,
        actorEmail: entry.actorEmail,
        action: entry.action,
        targetId: entry.targetId,
        detail: entry.detail,
        outcome: entry.outcome,
        transport: entry.transport,
        address: entry.address,
        at: entry.at ?? Date.now(),
      };
      insert.run(row);
      return row;
    },
    list(scope, options = {}) {
      const limit = Math.min(Math.max(Math.trunc(options.limit ?? DEFAULT_LIMIT), 1), MAX_LIMIT);
      return page.all(scope.tenantId, options.before ?? Number.MAX_SAFE_INTEGER, limit);
    },
  };
}
