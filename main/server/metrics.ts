import type { FastifyInstance } from 'fastify';
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics on a registry of this server's own, so two servers in one process (tests,
 * the hub's admin port) never share or double-register series.
 */
export function registerMetrics(app: FastifyInstance, slices: readonly Registry[] = []): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by route pattern, method and status code.',
    labelNames: ['route', 'method', 'status_code'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, never the raw URL: raw URLs would make one series per id and exhaust memory.
    const route = request.routeOptions.url ?? 'unmatched';
    duration.observe(
      { route, method: request.method, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  app.get('/metrics', async (_request, reply) => {
    reply.type(registry.contentType);
    // Slices (tunnels) keep registries of their own; one scrape shows them all.
    const texts = await Promise.all([registry, ...slices].map((r) => r.metrics()));
    return texts.join('\n');
  });
  return registry;
}
