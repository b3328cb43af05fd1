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
    get(scope, id) {
      const row = byId.get(id, scope.tenantId);
      return row && toRow(row);
    },
    list: (scope) => inTenant.all(scope.tenantId).map(toRow),
    countAll: () => countAll.get() ?? 0,
    countInstallationAdmins: () => countInstallationAdmins.get() ?? 0,
    countByTenant: () => new Map(byTenant.all().map((row) => [row.tenantId, row.users])),
  };
}
