import type { Migration } from '../migration.js';

/** Indexes only, so reverting this step loses no data. */
export const migration003: Migration = {
  version: 3,
  name: 'indexes',
  up: `
CREATE INDEX audit_log_tenant_at ON audit_log (tenant_id, at, id);
CREATE INDEX sessions_tenant_user ON sessions (tenant_id, user_id);
CREATE INDEX sites_tenant_name ON sites (tenant_id, name COLLATE NOCASE);
CREATE INDEX users_tenant_email ON users (tenant_id, email);
`,
  down: `
DROP INDEX users_tenant_email;
DROP INDEX sites_tenant_name;
DROP INDEX sessions_tenant_user;
DROP INDEX audit_log_tenant_at;
`,
};
