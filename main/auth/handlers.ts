import type { authMethods, usersMethods } from '../contract/index.js';
import type { EventBus, HandlerTable } from '../core/slice-kit/index.js';
import type { Store } from '../store/index.js';
import type { Auth } from './auth-service.js';
import { sessionHandlers } from './auth-handlers.js';
import { usersHandlers } from './users-handlers.js';

/** What the auth slice's handlers use. */
export interface AuthHandlerDeps {
  store: Store;
  auth: Auth;
  bus: EventBus;
}

/** The auth slice's methods: sign-in, sign-out and the current user; the tenant's users. */
export function authHandlers(deps: AuthHandlerDeps) {
  return {
    ...sessionHandlers(deps),
    ...usersHandlers(deps),
  } satisfies Pick<HandlerTable, keyof typeof authMethods | keyof typeof usersMethods>;
}
