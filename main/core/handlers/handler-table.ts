import type { HandlerDeps, HandlerTable } from '../handler-types.js';
import { authHandlers } from './auth-handlers.js';
import { sitesHandlers } from './sites-handlers.js';
import { systemHandlers } from './system-handlers.js';
import { usersHandlers } from './users-handlers.js';

/** Every contract method with its handler: a method added to the contract without one fails to typecheck. */
export function createHandlerTable(deps: HandlerDeps): HandlerTable {
  return {
    ...systemHandlers(deps),
    ...authHandlers(deps),
    ...usersHandlers(deps),
    ...sitesHandlers(deps),
  } satisfies HandlerTable;
}
