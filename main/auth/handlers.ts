import type { authMethods, tenantsMethods, usersMethods } from '../contract/index.js';
import type { EventBus, HandlerTable, Logger } from '../core/slice-kit/index.js';
import type { Store } from '../store/index.js';
import type { Auth } from './auth-service.js';
import { sessionHandlers } from './auth-handlers.js';
import { usersHandlers } from './users-handlers.js';
import { tenantsHandlers, type TenantLifecycle } from './tenants-handlers.js';
import { accountHandlers } from './account-handlers.js';
import type { FirstRun } from './first-run.js';
import type { PasswordLinks } from './password-links.js';

/** What the auth slice's handlers use. */
export interface AuthHandlerDeps {
  store: Store;
  auth: Auth;
  bus: EventBus;
  logger: Logger;
  now: () => number;
  /** What happens elsewhere when an installation admin disables or enables a tenant. */
  tenantLifecycle: TenantLifecycle;
  /** "Create the first admin" while the installation has no user. */
  firstRun: FirstRun;
  /** Invitation and password-reset links. */
  links: PasswordLinks;
}

/** The auth slice's methods: sign-in, sign-out and the current user; the tenant's users; the installation's tenants. */
export function authHandlers(deps: AuthHandlerDeps) {
  return {
    ...sessionHandlers(deps),
    ...accountHandlers(deps),
    ...usersHandlers(deps),
    ...tenantsHandlers(deps),
  } satisfies Pick<HandlerTable, keyof typeof authMethods | keyof typeof usersMethods | keyof typeof tenantsMethods>;
}
