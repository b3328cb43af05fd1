export { createServer } from './create-server.js';
export { startServer, type RunningServer } from './start-server.js';
export { installShutdown, type ShutdownLogger, type ShutdownOptions } from './shutdown.js';
export type { ServerOptions } from './server-options.js';
export { CSP_DIRECTIVES } from './security-headers.js';
export { buildOpenApiDocument, type OpenApiDocument } from './openapi.js';
