import type { Migration } from '../migration.js';

export const migration002: Migration = {
  version: 2,
  name: 'sessions-audit',
  up: `
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants (id),
  user_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER,
  address TEXT NOT NULL,
  user_agent TEXT NOT NULL,
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
) STRICT;

-- No foreign key to users: the record of who did what outlives the account.
CREATE TABLE audit_log (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants (id),
  actor_user_id TEXT,
  actor_email TEXT NOT NULL,
  action TEXT NOT NULL,
  target_id TEXT,
  detail TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail)),
  outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'denied', 'failed')),
  transport TEXT NOT NULL,
  address TEXT NOT NULL,
  at INTEGER NOT NULL
) STRICT;
`,
  down: `
DROP TABLE audit_log;
DROP TABLE sessions;
`,
};
