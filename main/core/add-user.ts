import { userInfo } from 'node:os';
import { DEFAULT_TENANT_SLUG, OutpostError, methods, parseOrThrow, type Role, type User } from '../contract/index.js';
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
  /**
   * May manage tenants (`tenants.*`). The first admin of an installation always becomes one, so a
   * fresh installation can be set up; later ones only when asked.
   */
  installationAdmin?: boolean;
}

export function osUser(): string {
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
    methods['users.create'].input,
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
      options.tenantSlug === undefined || options.tenantSlug === DEFAULT_TENANT_SLUG
        ? store.tenants.ensureDefault()
        : store.tenants.getBySlug(options.tenantSlug);
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
    if (tenant.disabledAt !== null) {
      throw new OutpostError(
        'conflict',
        `The tenant '${tenant.slug}' is disabled: enable it first (\`outpost tenant enable ${tenant.slug}\`).`,
      );
    }
    const scope = { tenantId: tenant.id };
    const row = store.transaction(() => {
      const first = input.role === 'admin' && store.users.countInstallationAdmins() === 0;
      const created = store.users.create(scope, {
        email: input.email,
        name: input.name ?? '',
        role: input.role,
        passwordHash,
        installationAdmin: options.installationAdmin === true || first,
      });
      store.audit.write(scope, {
        actorUserId: null,
        actorEmail: '',
        action: 'cli.user.add',
        targetId: created.id,
        detail: auditDetail({ ...input, installationAdmin: created.installationAdmin, osUser: osUser() }),
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
