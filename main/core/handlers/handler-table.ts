import type { HandlerDeps, HandlerTable } from '../handler-types.js';
import { authHandlers } from './auth-handlers.js';
import { sitesHandlers } from './sites-handlers.js';
import { systemHandlers } from './system-handlers.js';
import { usersHandlers } from './users-handlers.js';
import { eventsHandlers } from './events-handlers.js';
import { groupsHandlers } from './groups-handlers.js';
import { alertsHandlers } from './alerts-handlers.js';
import { sourcesHandlers } from './sources-handlers.js';
import { searchHandlers } from './search-handlers.js';

/** Every contract method with its handler: a method added to the contract without one fails to typecheck. */
export function createHandlerTable(deps: HandlerDeps): HandlerTable {
  return {
    ...systemHandlers(deps),
    ...authHandlers(deps),
    ...usersHandlers(deps),
    ...sitesHandlers(deps),
    ...eventsHandlers(deps),
    ...groupsHandlers(deps),
    ...alertsHandlers(deps),
    ...sourcesHandlers(deps),
    ...searchHandlers(deps),
  } satisfies HandlerTable;
}
