import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { OutpostError } from '../contract/index.js';
import type { Core } from '../core/index.js';
import { callContext } from './call-context.js';
import { assertMayCall } from './call-precheck.js';
import { sendError } from './error-reply.js';

/** `POST /api/rpc/{method}`: the HTTP transport of the contract. Errors go through the server's error handler. */
export function registerRpcRoute(app: FastifyInstance, core: Core): void {
  const handler = async (request: FastifyRequest, reply: FastifyReply, method: string) => {
    const output = await core.call(method, request.body ?? {}, callContext(request));
    reply.type('application/json; charset=utf-8');
    // Serialised here because fastify would send a bare `undefined` as an empty body, not JSON.
    return JSON.stringify(output ?? null);
  };

  app.post<{ Params: { method: string } }>('/api/rpc/:method', async (request, reply) =>
    handler(request, reply, request.params.method),
  );

  // Methods that carry files get a larger body limit on a route of their own (a static route wins
  // over `:method`). Only a signed-in caller may send that much: the session is checked before the
  // body is read (role included), and the Core checks it again when the call runs.
  for (const { method, limitBytes, hint } of (core.routes ?? []).flatMap((r) => r.largeRpcBodies ?? [])) {
    app.post(`/api/rpc/${method}`, {
      bodyLimit: limitBytes,
      onRequest: async (request) => assertMayCall(core, method, callContext(request)),
      errorHandler: (err, request, reply) => {
        const code = (err as { code?: unknown }).code;
        const thrown =
          code === 'FST_ERR_CTP_BODY_TOO_LARGE'
            ? new OutpostError(
                'payload_too_large',
                `The body is larger than ${limitBytes} bytes, the most ${method} accepts. ${hint}`,
              )
            : err;
        return sendError(reply, request, thrown, limitBytes);
      },
      handler: async (request, reply) => handler(request, reply, method),
    });
  }
}
