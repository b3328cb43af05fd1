import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A real HTTP server on a loopback address that counts what reaches it (to prove nothing did). */
export interface RecordingServer {
  port: number;
  /** Request paths, in order. */
  hits: string[];
  close(): Promise<void>;
}

export async function startRecordingServer(host = '127.0.0.1', port = 0): Promise<RecordingServer> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    // Closes each connection, so every request connects (and is checked) again.
    res.writeHead(200, { 'content-type': 'application/json', connection: 'close' });
    res.end(JSON.stringify({ from: host }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
