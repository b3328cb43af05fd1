import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

/** A loopback port that is free for both TCP and UDP right now (tests bind it next). */
export async function freeLoopbackPort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const server = createServer();
    const port = await new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: '127.0.0.1', port: 0 }, () => resolve((server.address() as { port: number }).port));
    });
    await new Promise((resolve) => server.close(resolve));
    const udp = createSocket('udp4');
    const free = await new Promise<boolean>((resolve) => {
      udp.once('error', () => resolve(false));
      udp.bind({ address: '127.0.0.1', port }, () => resolve(true));
    });
    if (free) {
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      return port;
    }
  }
  throw new Error('No loopback port was free for both TCP and UDP after 20 tries.');
}
