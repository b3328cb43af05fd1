import type { Migration } from '../migration.js';

/**
 * Tenants an installation admin manages, and accounts that never reveal another tenant's users.
 *
 * - `tenants.disabled_at`: a disabled tenant's users cannot sign in and their sessions end.
 * - `users.email` is unique per tenant instead of across the installation: one tenant's admin
 *   adding a user must not learn that the email has an account in another tenant (issue 8, row 6).
 *   Signing in names the tenant (the default one when none is given), so the lookup stays exact.
 * - `users.installation_admin`: may manage tenants (the `tenants.*` methods) and nothing more; the
 *   earliest admin of an existing installation becomes one, as `outpost user add` does for the first.
 *
 * SQLite cannot drop a column's UNIQUE constraint, so `users` is rebuilt (its recipe: new table,
 * copy, drop, rename; foreign keys stay off for the step and are checked before it commits).
 */
export const migration008: Migration = {
  version: 8,
  name: 'tenant-accounts',
  up: `
ALTER TABLE tenants ADD COLUMN disabled_at INTEGER;

CREATE TABLE users_rebuilt (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants (id),
  email TEXT NOT NULL CHECK (email = lower(email)),
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'technician', 'admin')),
  password_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  disabled_at INTEGER,
  installation_admin INTEGER NOT NULL DEFAULT 0 CHECK (installation_admin IN (0, 1)),
  UNIQUE (tenant_id, email),
  UNIQUE (tenant_id, id)
) STRICT;
INSERT INTO users_rebuilt (id, tenant_id, email, name, role, password_hash, created_at, disabled_at, installation_admin)
  SELECT id, tenant_id, email, name, role, password_hash, created_at, disabled_at, 0 FROM users;
UPDATE users_rebuilt SET installation_admin = 1
  WHERE id = (SELECT id FROM users_rebuilt WHERE role = 'admin' AND disabled_at IS NULL ORDER BY created_at, id LIMIT 1);
DROP TABLE users;
ALTER TABLE users_rebuilt RENAME TO users;
`,
  down: `
CREATE TABLE users_rebuilt (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants (id),
  email TEXT NOT NULL UNIQUE CHECK (email = lower(email)),
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'technician', 'admin')),
  password_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  disabled_at INTEGER,
  UNIQUE (tenant_id, id)
) STRICT;
INSERT INTO users_rebuilt (id, tenant_id, email, name, role, password_hash, created_at, disabled_at)
  SELECT id, tenant_id, email, name, role, password_hash, created_at, disabled_at FROM users;
DROP TABLE users;
ALTER TABLE users_rebuilt RENAME TO users;
CREATE INDEX users_tenant_email ON users (tenant_id, email);

ALTER TABLE tenants DROP COLUMN disabled_at;
`,
};
