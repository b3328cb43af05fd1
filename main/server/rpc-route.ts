import type { FastifyInstance } from 'fastify';
import type { Core } from '../core/index.js';
import { bearerToken } from './bearer.js';

/** `POST /api/rpc/{method}`: the HTTP transport of the contract. Errors go through the server's error handler. */
export function registerRpcRoute(app: FastifyInstance, core: Core): void {
  app.post<{ Params: { method: string } }>('/api/rpc/:method', async (request, reply) => {
    const output = await core.call(request.params.method, request.body ?? {}, {
      transport: 'http',
      token: bearerToken(request.headers.authorization),
      address: request.ip,
      userAgent: request.headers['user-agent'],
    });
    reply.type('application/json; charset=utf-8');
    // Serialised here because fastify would send a bare `undefined` as an empty body, not JSON.
    return JSON.stringify(output ?? null);
  });
}
