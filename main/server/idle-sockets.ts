import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Node's `server.close()` closes idle keep-alive sockets, but not sockets that connected and never
 * sent a request (fetch clients and browsers open them ahead of time), so close() could wait on
 * them forever. This counts requests per socket and, once closing, destroys every socket with
 * none in flight, now or as soon as its last response ends. Hand-written: it is a few lines, where
 * http-terminator or stoppable would add a dependency for the same thing.
 */
export function trackIdleSockets(server: Server): { closeIdle(): void } {
  const inFlight = new Map<Socket, number>();
  let closing = false;

  server.on('connection', (socket: Socket) => {
    inFlight.set(socket, 0);
    socket.once('close', () => inFlight.delete(socket));
  });
  server.on('request', (request, response) => {
    const socket = request.socket;
    inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
    response.once('close', () => {
      const left = (inFlight.get(socket) ?? 1) - 1;
      inFlight.set(socket, left);
      if (closing && left === 0) socket.destroy();
    });
  });

  return {
    closeIdle() {
      closing = true;
      for (const [socket, count] of inFlight) if (count === 0) socket.destroy();
    },
  };
}
