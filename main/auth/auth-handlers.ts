import { OutpostError } from '../contract/index.js';
import { toUser } from './user-view.js';
import { sessionOf, type HandlerTable } from '../core/slice-kit/index.js';
import type { AuthHandlerDeps } from './handlers.js';

export function sessionHandlers({ store, auth }: AuthHandlerDeps) {
  return {
    'auth.login': (input, ctx) => auth.login(input, ctx.call),
    'auth.logout': async (_input, ctx) => {
      await auth.logout(sessionOf(ctx));
      return { ok: true as const };
    },
    'auth.me': (_input, ctx) => {
      const session = sessionOf(ctx);
      const user = store.users.get({ tenantId: session.tenantId }, session.userId);
      if (!user) throw new OutpostError('unauthenticated', 'Your session has ended. Sign in again.');
      return toUser(user);
    },
  } satisfies Pick<HandlerTable, 'auth.login' | 'auth.logout' | 'auth.me'>;
}
