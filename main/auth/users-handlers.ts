import type { usersMethods } from '../contract/index.js';
import { toUser } from './user-view.js';
import { scopeOf, type HandlerTable } from '../core/slice-kit/index.js';
import type { AuthHandlerDeps } from './handlers.js';

export function usersHandlers({ store, auth, bus }: AuthHandlerDeps) {
  return {
    'users.list': (_input, ctx) => ({ users: store.users.list(scopeOf(ctx)).map(toUser) }),
    'users.create': async (input, ctx) => {
      const scope = scopeOf(ctx);
      const passwordHash = await auth.hashPassword(input.password);
      const row = store.users.create(scope, {
        email: input.email,
        name: input.name ?? '',
        role: input.role,
        passwordHash,
      });
      bus.publish(scope.tenantId, 'users.changed', { userId: row.id, action: 'created' });
      return toUser(row);
    },
  } satisfies Pick<HandlerTable, keyof typeof usersMethods>;
}
