import type { FastifyRequest } from 'fastify';
import type { CallContext } from '../core/slice-kit/index.js';
import { bearerToken } from './bearer.js';

/** The Core's view of an HTTP caller: the session token from `Authorization: Bearer`, the address, the agent. */
export function callContext(request: FastifyRequest): CallContext {
  return {
    transport: 'http',
    token: bearerToken(request.headers.authorization),
    address: request.ip,
    userAgent: request.headers['user-agent'],
  };
}
