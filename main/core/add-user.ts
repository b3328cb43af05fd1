import { userInfo } from 'node:os';
import { CreateUserInput, OutpostError, parseOrThrow, type Role, type User } from '../contract/index.js';
import { hashPassword, toUser } from '../auth/index.js';
import { openStore } from '../store/index.js';
import type { Config } from './config.js';
import { auditDetail } from './audit-detail.js';

export interface AddUserOptions {
  config: Config;
  email: string;
  role: Role;
  password: string;
  name?: string;
  /** The tenant's slug; the default tenant when absent. */
  tenantSlug?: string;
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/**
 * Creates a user from the command line (`outpost user add`): how the first admin of an
 * installation comes to exist. Same rules as `users.create`; audited as `cli.user.add`.
 */
export async function addUser(options: AddUserOptions): Promise<User> {
  const input = parseOrThrow(
    CreateUserInput,
    {
      email: options.email,
      role: options.role,
      password: options.password,
      ...(options.name ? { name: options.name } : {}),
    },
    'user',
  );
  const passwordHash = await hashPassword(input.password);
  const store = await openStore({ dataDir: options.config.dataDir, migrate: 'auto' });
  try {
    const tenant =
      options.tenantSlug === undefined ? store.tenants.ensureDefault() : store.tenants.getBySlug(options.tenantSlug);
    if (!tenant) {
      const known = store.tenants
        .list()
        .map((t) => t.slug)
        .join(', ');
      throw new OutpostError(
        'not_found',
        `There is no tenant '${options.tenantSlug}'. Known tenants: ${known || 'none'}.`,
      );
    }
    const scope = { tenantId: tenant.id };
    const row = store.transaction(() => {
      const created = store.users.create(scope, {
        email: input.email,
        name: input.name ?? '',
        role: input.role,
        passwordHash,
      });
      store.audit.write(scope, {
        actorUserId: null,
        actorEmail: '',
        action: 'cli.user.add',
        targetId: created.id,
        detail: auditDetail({ ...input, osUser: osUser() }),
        outcome: 'ok',
        transport: 'cli',
        address: 'cli',
      });
      return created;
    });
    return toUser(row);
  } finally {
    store.close();
  }
}
