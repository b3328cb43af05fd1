import type { Database } from '../../native/sqlite/index.js';
import { normalizeEmail } from './email-address.js';
import type { CredentialRow, Store } from './types.js';

/**
 * The one lookup that runs before anyone is signed in, so before the tenant is known. It is
 * safe unscoped because emails are unique across the installation.
 */
export function createCredentialsRepository(db: Database): Store['credentials'] {
  const byEmail = db.prepare<[string], CredentialRow>(
    `SELECT id AS userId, tenant_id AS tenantId, email, role, password_hash AS passwordHash, disabled_at AS disabledAt
     FROM users WHERE email = ?`,
  );
  return {
    findByEmail: (email) => byEmail.get(normalizeEmail(email)),
  };
}
