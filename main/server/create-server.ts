import Fastify, { type FastifyInstance } from 'fastify';
import { OutpostError } from '../contract/index.js';
import type { Core } from '../core/index.js';
import { defaultRendererDir } from './default-renderer-dir.js';
import { registerDocsRoutes } from './docs-routes.js';
import { sendError } from './error-reply.js';
import { registerEventsRoute } from './events-route.js';
import { registerHealthRoutes } from './health-routes.js';
import { registerIngestRoute } from './ingest-route.js';
import { trackIdleSockets } from './idle-sockets.js';
import { acceptJsonOnly } from './json-body.js';
import { registerMediaRoute } from './media-route.js';
import { registerMetrics } from './metrics.js';
import { registerPublicSitemapRoutes } from './public-sitemap-routes.js';
import { registerRateLimit } from './rate-limit.js';
import { registerRendererRoutes } from './renderer-routes.js';
import { registerRpcRoute } from './rpc-route.js';
import { registerSecurityHeaders } from './security-headers.js';
import { registerSiteAssetsRoute } from './site-assets-route.js';
import { isLoggerInstance, type ServerOptions } from './server-options.js';
import { SseStreams } from './sse-streams.js';
import { createTunnelMetrics, registerTunnelRoutes } from '../tunnels/index.js';

/** Builds the HTTP server of a Core without listening; `startServer` listens. */
export async function createServer(core: Core, options: ServerOptions): Promise<FastifyInstance> {
  const { bodyLimitBytes } = core.config.server;
  const app: FastifyInstance = Fastify({
    ...(isLoggerInstance(options.logger) ? { loggerInstance: options.logger } : { logger: options.logger }),
    bodyLimit: bodyLimitBytes,
    // Our own onRequest hook answers 503 while closing, in the contract's error shape.
    return503OnClosing: false,
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
  registerMetrics(app, core.tunnels ? [createTunnelMetrics(core.tunnels)] : []);
  registerRateLimit(app, core.config.rateLimit);

  registerHealthRoutes(app, core, () => closing);
  registerRpcRoute(app, core);
  await registerIngestRoute(app, core);
  registerEventsRoute(app, core, streams);
  registerMediaRoute(app, core);
  await registerSiteAssetsRoute(app, core);
  await registerPublicSitemapRoutes(app, core);
  if (core.tunnels) registerTunnelRoutes(app, core.tunnels);
  registerDocsRoutes(app, core.version);
  await registerRendererRoutes(
    app,
    options.rendererDir ?? (core.config.server.rendererDir || defaultRendererDir()),
    (request, reply, err) => sendError(reply, request, err, bodyLimitBytes),
  );

  return app;
}
