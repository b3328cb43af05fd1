import type {
  alertsMethods,
  devicesMethods,
  eventsMethods,
  groupsMethods,
  searchMethods,
  sourcesMethods,
} from '../contract/index.js';
import type { HandlerTable } from '../core/slice-kit/index.js';
import { alertsHandlers } from './handlers/alerts-handlers.js';
import { devicesHandlers } from './handlers/devices-handlers.js';
import { eventsHandlers } from './handlers/events-handlers.js';
import { groupsHandlers } from './handlers/groups-handlers.js';
import type { PipelineHandlerDeps } from './handlers/handler-deps.js';
import { searchHandlers } from './handlers/search-handlers.js';
import { sourcesHandlers } from './handlers/sources-handlers.js';

type Owned =
  | keyof typeof eventsMethods
  | keyof typeof groupsMethods
  | keyof typeof alertsMethods
  | keyof typeof sourcesMethods
  | keyof typeof devicesMethods
  | keyof typeof searchMethods;

/** The pipeline slice's methods: events, groups, alerts and alert rules, sources and their devices, search. */
export function pipelineHandlers(deps: PipelineHandlerDeps) {
  return {
    ...eventsHandlers(deps),
    ...groupsHandlers(deps),
    ...alertsHandlers(deps),
    ...sourcesHandlers(deps),
    ...devicesHandlers(deps),
    ...searchHandlers(deps),
  } satisfies Pick<HandlerTable, Owned>;
}
