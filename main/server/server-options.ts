import type { FastifyBaseLogger } from 'fastify';
import type { LoggerOptions } from 'pino';

export interface ServerOptions {
  /** A pino logger (e.g. the Core's, so requests and the Core log to one stream), or pino options. */
  logger: FastifyBaseLogger | LoggerOptions;
  /** Folder of the built renderer. Defaults to `config.server.rendererDir`, then `dist/renderer` of the install. */
  rendererDir?: string;
  /** Milliseconds between SSE heartbeats, each of which checks the stream's session again (15 s; tests shorten it). */
  heartbeatMs?: number;
}

export function isLoggerInstance(logger: ServerOptions['logger']): logger is FastifyBaseLogger {
  return (
    typeof (logger as FastifyBaseLogger).child === 'function' &&
    typeof (logger as FastifyBaseLogger).info === 'function'
  );
}
