import type { Database } from '../../native/sqlite/index.js';
import { translateConstraints } from './constraint-errors.js';
import { elsewhere, type KindDocs } from './sync-doc-kind.js';

/** The hub's users as documents (hub → site), so people sign in on a site offline; never an installation admin. */
export function createSyncUserDocs(db: Database): KindDocs {
  // ---- users (from the hub only) ----
  const userRow = db.prepare<
    [string],
    { tenantId: string; email: string; name: string; role: string; passwordHash: string; disabledAt: number | null }
  >(
    'SELECT tenant_id AS tenantId, email, name, role, password_hash AS passwordHash, disabled_at AS disabledAt FROM users WHERE id = ?',
  );
  const upsertUser = db.prepare(
    `INSERT INTO users (id, tenant_id, email, name, role, password_hash, created_at, disabled_at, installation_admin)
     VALUES (@id, @tenantId, @email, @name, @role, @passwordHash, @at, @disabledAt, 0)
     ON CONFLICT (id) DO UPDATE SET email = excluded.email, name = excluded.name, role = excluded.role,
       password_hash = excluded.password_hash, disabled_at = excluded.disabled_at`,
  );
  const disableUser = db.prepare<[number, string, string]>(
    'UPDATE users SET disabled_at = coalesce(disabled_at, ?) WHERE id = ? AND tenant_id = ?',
  );

  return {
    read(scope, docId) {
      const r = userRow.get(docId);
      if (!r || r.tenantId !== scope.tenantId) return null;
      return { email: r.email, name: r.name, role: r.role, passwordHash: r.passwordHash, disabledAt: r.disabledAt };
    },
    write(scope, docId, b, at) {
      const current = userRow.get(docId);
      if (current && current.tenantId !== scope.tenantId) throw elsewhere('user');
      if (b === null) {
        disableUser.run(at, docId, scope.tenantId);
        return;
      }
      translateConstraints(
        () =>
          upsertUser.run({
            id: docId,
            tenantId: scope.tenantId,
            email: b.email,
            name: b.name,
            role: b.role,
            passwordHash: b.passwordHash,
            disabledAt: b.disabledAt ?? null,
            at,
          }),
        { unique: { 'users.tenant_id, users.email': `A local user already has the email ${String(b.email)}.` } },
      );
      return;
    },
    ids: () => [],
  };
}
