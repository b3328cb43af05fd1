import { OutpostError } from '../contract/index.js';
import type { HandlerTable } from '../core/slice-kit/index.js';
import type { AuthHandlerDeps } from './handlers.js';
import { toUser } from './user-view.js';

type Owned = 'auth.firstRun' | 'auth.createFirstAdmin' | 'auth.passwordLink' | 'auth.setPassword';

/** The public account methods: the first admin of a fresh installation, and one-time password links. */
export function accountHandlers({ store, auth, bus, firstRun, links }: AuthHandlerDeps) {
  /** The link's user and tenant, while both are usable: a disabled tenant's link waits for it to be enabled. */
  const accountOf = (row: { tenantId: string; userId: string }) => {
    const tenant = store.tenants.get(row.tenantId);
    const user = store.users.get({ tenantId: row.tenantId }, row.userId);
    if (!tenant || !user) throw new OutpostError('not_found', 'This link is for an account that no longer exists.');
    if (tenant.disabledAt !== null) {
      throw new OutpostError(
        'conflict',
        `The organisation '${tenant.slug}' is disabled. Ask the installation's admin to enable it, then use the link again.`,
      );
    }
    return { tenant, user };
  };

  return {
    'auth.firstRun': () => ({ needed: firstRun.needed() }),
    'auth.createFirstAdmin': async (input, ctx) => {
      const user = await firstRun.createAdmin(input, ctx.call);
      bus.publish(user.tenantId, 'users.changed', { userId: user.id, action: 'created' });
      return user;
    },
    'auth.passwordLink': (input) => {
      const link = links.peek(input.token);
      const { tenant, user } = accountOf(link);
      return { purpose: link.purpose, email: user.email, tenant: tenant.slug, expiresAt: link.expiresAt };
    },
    'auth.setPassword': async (input) => {
      accountOf(links.peek(input.token));
      const passwordHash = await auth.hashPassword(input.password);
      // Used up here, after the slow hash: of two uses of one link, exactly one gets this far.
      const link = links.consume(input.token);
      const { tenant, user } = accountOf(link);
      const scope = { tenantId: tenant.id };
      store.transaction(() => {
        store.users.setPasswordHash(scope, user.id, passwordHash);
        store.sessions.revokeUser(scope, user.id);
      });
      bus.publish(tenant.id, 'users.changed', { userId: user.id, action: 'updated' });
      return { user: toUser(user), tenant: tenant.slug };
    },
  } satisfies Pick<HandlerTable, Owned>;
}
