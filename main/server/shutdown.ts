import type { FastifyInstance } from 'fastify';
import type { Core } from '../core/index.js';

export interface ShutdownLogger {
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

export interface ShutdownOptions {
  signals?: NodeJS.Signals[];
  /** Replaced in tests; the default ends the process. */
  exit?: (code: number) => void;
}

/**
 * On SIGTERM/SIGINT: stop accepting, end event streams, let in-flight requests finish for up to
 * `config.server.shutdownGraceSeconds` (then cut the remaining connections), close the Core, exit 0.
 * A second signal exits at once. Returns a function that removes the handlers.
 */
export function installShutdown(
  server: FastifyInstance,
  core: Core,
  logger: ShutdownLogger,
  options: ShutdownOptions = {},
): () => void {
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let shuttingDown = false;

  const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
    if (shuttingDown) {
      logger.warn({ signal }, 'second signal during shutdown: exiting now');
      exit(1);
      return;
    }
    shuttingDown = true;
    const graceMs = core.config.server.shutdownGraceSeconds * 1000;
    logger.info({ signal, graceMs }, 'shutting down');
    const force = setTimeout(() => {
      logger.warn({ graceMs }, 'requests still running after the grace period: closing their connections');
      server.server.closeAllConnections();
    }, graceMs);
    try {
      await server.close();
      clearTimeout(force);
      await core.close();
      logger.info('stopped');
      exit(0);
    } catch (err) {
      clearTimeout(force);
      logger.error({ err }, 'shutdown failed');
      exit(1);
    }
  };

  const handler = (signal: NodeJS.Signals): void => void shutdown(signal);
  for (const signal of signals) process.on(signal, handler);
  return () => {
    for (const signal of signals) process.off(signal, handler);
  };
}
