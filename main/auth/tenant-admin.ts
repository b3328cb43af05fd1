import { OutpostError, type Tenant, type User } from '../contract/index.js';
import type { Store, TenantRow } from '../store/index.js';
import { hashPassword } from './password.js';
import { toUser } from './user-view.js';

export interface NewTenant {
  slug: string;
  name: string;
  /** The tenant's first admin (never an installation admin). */
  admin?: { email: string; name?: string | undefined; password: string } | undefined;
}

export interface TenantAdminOptions {
  store: Store;
  /** After a tenant is disabled: stop what runs for it (sources), drop what is cached for it. */
  disabled?(tenant: TenantRow): Promise<void>;
  /** After a tenant is enabled again: start its enabled sources. */
  enabled?(tenant: TenantRow): Promise<void>;
  now?: () => number;
}

export interface TenantAdmin {
  list(): Tenant[];
  create(input: NewTenant): Promise<{ tenant: Tenant; admin: User | null }>;
  /**
   * Disables or enables a tenant by slug. `callerTenantId` (absent on the command line) may not
   * disable its own tenant: that would end the caller's session in the middle of the call.
   */
  setDisabled(slug: string, disabled: boolean, callerTenantId?: string): Promise<Tenant>;
}

/**
 * Tenants of an installation, for installation admins (`tenants.*`) and `outpost tenant …`. A
 * tenant is only ever disabled, never deleted: its data stays, its users cannot sign in, their
 * sessions end and its sources stop, until it is enabled again.
 */
export function createTenantAdmin(options: TenantAdminOptions): TenantAdmin {
  const { store } = options;
  const now = options.now ?? Date.now;

  const view = (row: TenantRow, counts = store.users.countByTenant()): Tenant => ({
    ...row,
    users: counts.get(row.id) ?? 0,
  });

  const bySlug = (slug: string): TenantRow => {
    const row = store.tenants.getBySlug(slug);
    if (!row) {
      throw new OutpostError(
        'not_found',
        `There is no tenant '${slug}'. The list is in tenants.list (or \`outpost tenant list\`).`,
      );
    }
    return row;
  };

  return {
    list() {
      const counts = store.users.countByTenant();
      return store.tenants.list().map((row) => view(row, counts));
    },

    async create(input) {
      // Hashed before the transaction: scrypt is slow and must not hold the write lock.
      const passwordHash = input.admin ? await hashPassword(input.admin.password) : undefined;
      return store.transaction(() => {
        const row = store.tenants.create({ slug: input.slug, name: input.name });
        const admin =
          input.admin && passwordHash
            ? store.users.create(
                { tenantId: row.id },
                { email: input.admin.email, name: input.admin.name ?? '', role: 'admin', passwordHash },
              )
            : undefined;
        return { tenant: view(row), admin: admin ? toUser(admin) : null };
      });
    },

    async setDisabled(slug, disabled, callerTenantId) {
      const current = bySlug(slug);
      if (disabled && current.id === callerTenantId) {
        throw new OutpostError(
          'conflict',
          `You are signed in to '${slug}', so you cannot disable it. Disable it as an installation admin of another tenant, or with \`outpost tenant disable ${slug}\` on the server.`,
        );
      }
      if ((current.disabledAt !== null) === disabled) return view(current);
      const row = store.transaction(() => {
        const changed = store.tenants.setDisabled(current.id, disabled ? now() : null);
        if (!changed) throw new OutpostError('not_found', `The tenant '${slug}' was removed meanwhile.`);
        if (disabled) store.sessions.revokeAll({ tenantId: changed.id });
        return changed;
      });
      await (disabled ? options.disabled?.(row) : options.enabled?.(row));
      return view(row);
    },
  };
}
