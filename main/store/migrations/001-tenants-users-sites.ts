import type { Migration } from '../migration.js';

export const migration001: Migration = {
  version: 1,
  name: 'tenants-users-sites',
  up: `
CREATE TABLE tenants (
  id TEXT PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants (id),
  -- Unique across the installation: signing in happens before the tenant is known.
  email TEXT NOT NULL UNIQUE CHECK (email = lower(email)),
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'technician', 'admin')),
  password_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  disabled_at INTEGER,
  -- Target of (tenant_id, user_id) foreign keys, so a child row can never point into another tenant.
  UNIQUE (tenant_id, id)
) STRICT;

CREATE TABLE sites (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants (id),
  name TEXT NOT NULL,
  slug TEXT NOT NULL,
  timezone TEXT NOT NULL,
  address TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (tenant_id, slug),
  -- Target of (tenant_id, site_id) foreign keys of the site's children.
  UNIQUE (tenant_id, id)
) STRICT;
`,
  down: `
DROP TABLE sites;
DROP TABLE users;
DROP TABLE tenants;
`,
};
