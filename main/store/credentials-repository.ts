import type { Database } from '../../native/sqlite/index.js';
import { normalizeEmail } from './email-address.js';
import type { CredentialRow, Store } from './types.js';

/**
 * The one lookup that runs before anyone is signed in. The caller names the tenant (signing in
 * does), so the lookup is exact: emails are unique per tenant, not across the installation.
 */
export function createCredentialsRepository(db: Database): Store['credentials'] {
  const byEmail = db.prepare<[string, string], CredentialRow>(
    `SELECT id AS userId, tenant_id AS tenantId, email, role, password_hash AS passwordHash, disabled_at AS disabledAt
     FROM users WHERE tenant_id = ? AND email = ?`,
  );
  return {
    find: (tenantId, email) => byEmail.get(tenantId, normalizeEmail(email)),
  };
}
