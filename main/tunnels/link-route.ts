import type { FastifyInstance } from 'fastify';
import type { SliceRoutes } from '../server/route-kit/index.js';
import { LINK_PREFIX } from './config-links.js';
import type { TunnelsService } from './tunnels-service.js';

/** The tunnels slice's own HTTP route, and the service it serves (tests reach it through the Core's routes). */
export type TunnelRoutes = SliceRoutes & { tunnels: TunnelsService };

/** The tunnels slice's own HTTP route: one-time config links. */
export function tunnelRoutes(tunnels: TunnelsService): TunnelRoutes {
  return { tunnels, register: (app) => registerTunnelRoutes(app, tunnels) };
}

/**
 * `GET /api/tunnels/config/{token}`: a one-time link's wg-quick file, once. Unknown, used and
 * expired tokens all get the same 404, so an answer tells nothing about other links. Never cached,
 * never sent on as a referrer.
 */
function registerTunnelRoutes(app: FastifyInstance, tunnels: TunnelsService): void {
  app.get<{ Params: { token: string } }>(`${LINK_PREFIX}:token`, async (request, reply) => {
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    const file = tunnels.peers.consumeLink(request.params.token, {
      address: request.ip,
      userAgent: request.headers['user-agent'],
    });
    if (!file) {
      return reply.code(404).send({
        error: {
          code: 'not_found',
          message: 'This link is unknown, already used or expired. Ask an admin for a new one.',
        },
      });
    }
    return reply
      .type('text/plain; charset=utf-8')
      .header('content-disposition', `attachment; filename="${file.fileName}"`)
      .send(file.config);
  });
}
