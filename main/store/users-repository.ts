import type { Database } from '../../native/sqlite/index.js';
import { translateConstraints } from './constraint-errors.js';
import { normalizeEmail } from './email-address.js';
import { newId } from './ids.js';
import type { Store, UserRow } from './types.js';

const COLUMNS = 'id, tenant_id AS tenantId, email, name, role, created_at AS createdAt, disabled_at AS disabledAt';

export function createUsersRepository(db: Database): Store['users'] {
  const insert = db.prepare<[UserRow & { passwordHash: string }]>(
    `INSERT INTO users (id, tenant_id, email, name, role, password_hash, created_at, disabled_at)
     VALUES (@id, @tenantId, @email, @name, @role, @passwordHash, @createdAt, @disabledAt)`,
  );
  const byId = db.prepare<[string, string], UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = ? AND tenant_id = ?`);
  const inTenant = db.prepare<[string], UserRow>(`SELECT ${COLUMNS} FROM users WHERE tenant_id = ? ORDER BY email`);
  const countAll = db.prepare<[], number>('SELECT count(*) FROM users').pluck();

  return {
    create(scope, data) {
      const email = normalizeEmail(data.email);
      const row: UserRow = {
        id: newId(),
        tenantId: scope.tenantId,
        email,
        name: data.name,
        role: data.role,
        createdAt: Date.now(),
        disabledAt: null,
      };
      translateConstraints(() => insert.run({ ...row, passwordHash: data.passwordHash }), {
        unique: { 'users.email': `A user with email '${email}' already exists. Choose another email.` },
        foreignKey: `Tenant ${scope.tenantId} does not exist. Sign in again or pick an existing tenant.`,
      });
      return row;
    },
    get: (scope, id) => byId.get(id, scope.tenantId),
    list: (scope) => inTenant.all(scope.tenantId),
    countAll: () => countAll.get() ?? 0,
  };
}
