import type { Database } from '../../native/sqlite/index.js';
import { translateConstraints } from './constraint-errors.js';
import { normalizeEmail } from './email-address.js';
import { newId } from './ids.js';
import type { Store, UserRow } from './types.js';

const COLUMNS =
  'id, tenant_id AS tenantId, email, name, role, created_at AS createdAt, disabled_at AS disabledAt, installation_admin AS installationAdmin';

type UserColumns = Omit<UserRow, 'installationAdmin'> & { installationAdmin: number };

const toRow = (row: UserColumns): UserRow => ({ ...row, installationAdmin: row.installationAdmin === 1 });

export function createUsersRepository(db: Database): Store['users'] {
  const insert = db.prepare<[UserColumns & { passwordHash: string }]>(
    `INSERT INTO users (id, tenant_id, email, name, role, password_hash, created_at, disabled_at, installation_admin)
     VALUES (@id, @tenantId, @email, @name, @role, @passwordHash, @createdAt, @disabledAt, @installationAdmin)`,
  );
  const byId = db.prepare<[string, string], UserColumns>(`SELECT ${COLUMNS} FROM users WHERE id = ? AND tenant_id = ?`);
  const inTenant = db.prepare<[string], UserColumns>(`SELECT ${COLUMNS} FROM users WHERE tenant_id = ? ORDER BY email`);
  const countAll = db.prepare<[], number>('SELECT count(*) FROM users').pluck();
  const byTenant = db.prepare<[], { tenantId: string; users: number }>(
    'SELECT tenant_id AS tenantId, count(*) AS users FROM users GROUP BY tenant_id',
  );
  // One statement: two first-run requests at once (or the command line beside the server) cannot both
  // find the installation empty, whatever connection or process they come from.
  const insertFirst = db.prepare<[UserColumns & { passwordHash: string }]>(
    `INSERT INTO users (id, tenant_id, email, name, role, password_hash, created_at, disabled_at, installation_admin)
     SELECT @id, @tenantId, @email, @name, @role, @passwordHash, @createdAt, @disabledAt, @installationAdmin
     WHERE NOT EXISTS (SELECT 1 FROM users)`,
  );
  const patch = db.prepare<[{ id: string; tenantId: string; name: string | null; role: string | null }], UserColumns>(
    `UPDATE users SET name = coalesce(@name, name), role = coalesce(@role, role)
     WHERE id = @id AND tenant_id = @tenantId RETURNING ${COLUMNS}`,
  );
  const setDisabled = db.prepare<[number | null, string, string], UserColumns>(
    `UPDATE users SET disabled_at = ? WHERE id = ? AND tenant_id = ? RETURNING ${COLUMNS}`,
  );
  const setHash = db.prepare<[string, string, string]>(
    'UPDATE users SET password_hash = ? WHERE id = ? AND tenant_id = ?',
  );
  const enabledAdmins = db
    .prepare<[string], number>(
      "SELECT count(*) FROM users WHERE tenant_id = ? AND role = 'admin' AND disabled_at IS NULL",
    )
    .pluck();
  const lastSignIns = db.prepare<[string], { userId: string; at: number }>(
    'SELECT user_id AS userId, max(created_at) AS at FROM sessions WHERE tenant_id = ? GROUP BY user_id',
  );
  const countInstallationAdmins = db
    .prepare<[], number>('SELECT count(*) FROM users WHERE installation_admin = 1 AND disabled_at IS NULL')
    .pluck();

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
        installationAdmin: data.installationAdmin === true,
      };
      translateConstraints(
        () => insert.run({ ...row, installationAdmin: row.installationAdmin ? 1 : 0, passwordHash: data.passwordHash }),
        {
          // Only ever about the caller's own tenant: emails are unique per tenant (migration 008).
          unique: {
            'users.tenant_id, users.email': `A user with email '${email}' already exists in this tenant. Choose another email.`,
          },
          foreignKey: `Tenant ${scope.tenantId} does not exist. Sign in again or pick an existing tenant.`,
        },
      );
      return row;
    },
    createFirst(scope, data) {
      const row: UserRow = {
        id: newId(),
        tenantId: scope.tenantId,
        email: normalizeEmail(data.email),
        name: data.name,
        role: 'admin',
        createdAt: Date.now(),
        disabledAt: null,
        installationAdmin: true,
      };
      const inserted = insertFirst.run({ ...row, installationAdmin: 1, passwordHash: data.passwordHash });
      return inserted.changes === 1 ? row : undefined;
    },
    get(scope, id) {
      const row = byId.get(id, scope.tenantId);
      return row && toRow(row);
    },
    update(scope, id, changes) {
      const row = patch.get({ id, tenantId: scope.tenantId, name: changes.name ?? null, role: changes.role ?? null });
      return row && toRow(row);
    },
    setDisabled(scope, id, disabledAt) {
      const row = setDisabled.get(disabledAt, id, scope.tenantId);
      return row && toRow(row);
    },
    setPasswordHash: (scope, id, passwordHash) => setHash.run(passwordHash, id, scope.tenantId).changes > 0,
    countEnabledAdmins: (scope) => enabledAdmins.get(scope.tenantId) ?? 0,
    lastSignIns: (scope) => new Map(lastSignIns.all(scope.tenantId).map((r) => [r.userId, r.at])),
    list: (scope) => inTenant.all(scope.tenantId).map(toRow),
    countAll: () => countAll.get() ?? 0,
    countInstallationAdmins: () => countInstallationAdmins.get() ?? 0,
    countByTenant: () => new Map(byTenant.all().map((row) => [row.tenantId, row.users])),
  };
}
