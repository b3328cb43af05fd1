import Fastify, { type FastifyInstance } from 'fastify';
import { OutpostError } from '../contract/index.js';
import type { Core } from '../core/index.js';
import { registerCompression } from './compression.js';
import { defaultRendererDir } from './default-renderer-dir.js';
import { registerDocsRoutes } from './docs-routes.js';
import { buildOpenApiDocument } from './openapi.js';
import type { RouteHost } from './route-kit/index.js';
import { sendError } from './error-reply.js';
import { answerClientError, frameworkError } from './framework-errors.js';
import { registerEventsRoute } from './events-route.js';
import { registerHealthRoutes } from './health-routes.js';
import { trackIdleSockets } from './idle-sockets.js';
import { acceptJsonOnly } from './json-body.js';
import { registerMetrics } from './metrics.js';
import { metricsAccess } from './metrics-access.js';
import { registerRateLimit } from './rate-limit.js';
import { registerRendererRoutes } from './renderer-routes.js';
import { registerRpcRoute } from './rpc-route.js';
import { registerSecurityHeaders } from './security-headers.js';
import { isLoggerInstance, type ServerOptions } from './server-options.js';
import { SseStreams } from './sse-streams.js';

/** Builds the HTTP server of a Core without listening; `startServer` listens. */
export async function createServer(core: Core, options: ServerOptions): Promise<FastifyInstance> {
  const { bodyLimitBytes } = core.config.server;
  const app: FastifyInstance = Fastify({
    ...(isLoggerInstance(options.logger) ? { loggerInstance: options.logger } : { logger: options.logger }),
    bodyLimit: bodyLimitBytes,
    // Our own onRequest hook answers 503 while closing, in the contract's error shape.
    return503OnClosing: false,
    // Errors answered before any route runs, in the contract's shape too.
    clientErrorHandler: answerClientError,
    frameworkErrors: frameworkError((reply, request, err) => sendError(reply, request, err, bodyLimitBytes)),
  });

  let closing = false;
  const streams = new SseStreams();
  const sockets = trackIdleSockets(app.server);
  app.addHook('preClose', async () => {
    closing = true;
    // SSE responses never finish on their own; close() would wait on them forever.
    streams.endAll();
    sockets.closeIdle();
  });
  app.addHook('onRequest', async (request, reply) => {
    if (!closing || request.url === '/readyz' || request.url === '/healthz') return;
    reply.header('connection', 'close');
    throw new OutpostError('unavailable', 'Outpost is shutting down. Retry in a moment.');
  });

  app.setErrorHandler((err, request, reply) => sendError(reply, request, err, bodyLimitBytes));

  acceptJsonOnly(app);
  await registerSecurityHeaders(app);
  // Before every route: it attaches itself to each route as the route is added.
  await registerCompression(app);
  registerMetrics(app, metricsAccess(core.config.server.metricsToken), core.metrics);
  const sliceRoutes = core.routes ?? [];
  registerRateLimit(
    app,
    core.config.rateLimit,
    sliceRoutes.flatMap((routes) => routes.rateLimits ?? []),
  );

  registerHealthRoutes(app, core, () => closing);
  registerRpcRoute(app, core);
  registerEventsRoute(app, core, streams, options.heartbeatMs);
  const host: RouteHost = {
    call: (method, input, ctx) => core.call(method, input, ctx),
    authenticate: (token) => core.authenticate(token),
    bodyLimitBytes,
  };
  for (const routes of sliceRoutes) await routes.register(app, host);
  registerDocsRoutes(app, () => buildOpenApiDocument(core.version, core.methods, sliceRoutes));
  await registerRendererRoutes(
    app,
    options.rendererDir ?? (core.config.server.rendererDir || defaultRendererDir()),
    (request, reply, err) => sendError(reply, request, err, bodyLimitBytes),
  );

  return app;
}
