import type { User } from '../contract/index.js';
import type { UserRow } from '../store/index.js';

/** The public shape of a user: never the hash, never internal columns. */
export function toUser(row: UserRow): User {
  return {
    id: row.id,
    tenantId: row.tenantId,
    email: row.email,
    name: row.name,
    role: row.role,
    installationAdmin: row.installationAdmin,
    createdAt: row.createdAt,
  };
}
