import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Core } from '../core/index.js';
import { createServer } from './create-server.js';
import type { ServerOptions } from './server-options.js';

export interface RunningServer {
  /** `http://host:port`, with the real port when the configured port was 0. */
  url: string;
  address: { host: string; port: number };
  server: FastifyInstance;
  /** Stops accepting, ends event streams, waits for in-flight requests. Does not close the Core. */
  close(): Promise<void>;
}

/** Listens on `config.server.host` and `config.server.port` (0 picks a free port). */
export async function startServer(core: Core, options: ServerOptions): Promise<RunningServer> {
  const server = await createServer(core, options);
  const { host, port } = core.config.server;
  try {
    await server.listen({ host, port });
  } catch (err) {
    await server.close();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new Error(`Port ${port} on ${host} is already in use. Stop the other program or choose another --port.`, {
        cause: err,
      });
    }
    if (code === 'EADDRNOTAVAIL') {
      throw new Error(`This machine has no address ${host}. Choose another --host.`, { cause: err });
    }
    throw err;
  }
  const bound = server.server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${bound.port}`,
    address: { host, port: bound.port },
    server,
    close: () => server.close(),
  };
}
