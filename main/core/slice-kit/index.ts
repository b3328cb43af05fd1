/**
 * What a capability slice builds its handler table with: the handler types, the session helpers and
 * the types of the shared machinery it is handed (config, logger, event bus). This door imports no
 * runtime code of the Core, so slices can use it while the composition root (main/core/index.ts)
 * imports the slices: there is no runtime cycle between core and the slices.
 */
export { sessionOf, scopeOf, type Handler, type HandlerContext, type HandlerTable } from './handler-types.js';
export type { CallContext, Session, TopicListener } from './call-types.js';
export type { Config } from '../config-schema.js';
export type { Logger } from '../logger.js';
export type { EventBus } from '../event-bus.js';
export { auditDetail } from '../audit-detail.js';
