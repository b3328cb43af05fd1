import type { FastifyInstance } from 'fastify';
import type { Core } from '../core/index.js';

export function registerHealthRoutes(app: FastifyInstance, core: Core, isClosing: () => boolean): void {
  app.get('/healthz', async () => core.health());

  app.get('/readyz', async (_request, reply) => {
    const ready = core.ready() && !isClosing();
    reply.header('cache-control', 'no-store');
    if (!ready) reply.status(503);
    return { ready };
  });
}
