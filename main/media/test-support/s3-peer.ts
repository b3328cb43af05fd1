import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

export interface S3Peer {
  /** The endpoint clients use: a proxy in front of s3rver that can cut connections. */
  endpoint: string;
  bucket: string;
  /** Bytes clients sent through the proxy since the last reset. */
  sent(): number;
  resetCount(): void;
  /** Cut every connection once clients have sent this many more bytes (undefined: never). */
  cutAfter(bytes: number | undefined): void;
  close(): Promise<void>;
}

/** s3rver (a real S3 protocol peer) on a free loopback port, behind a byte-counting TCP proxy. */
export async function startS3Peer(bucket = 'outpost-archive'): Promise<S3Peer> {
  const directory = mkdtempSync(join(tmpdir(), 'outpost-s3rver-'));
  const s3 = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port: upstream } = await s3.run();
  let sent = 0;
  let limit: number | undefined;
  const sockets = new Set<Socket>();
  const proxy = createServer((client) => {
    const server = createConnection({ host: '127.0.0.1', port: upstream });
    sockets.add(client).add(server);
    const close = () => {
      client.destroy();
      server.destroy();
      sockets.delete(client);
      sockets.delete(server);
    };
    client.on('data', (chunk: Buffer) => {
      sent += chunk.length;
      if (limit !== undefined && sent > limit) {
        close();
        return;
      }
      server.write(chunk);
    });
    server.on('data', (chunk: Buffer) => client.write(chunk));
    client.on('close', close).on('error', close);
    server.on('close', close).on('error', close);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const address = proxy.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    sent: () => sent,
    resetCount: () => {
      sent = 0;
    },
    cutAfter: (bytes) => {
      limit = bytes === undefined ? undefined : sent + bytes;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      await s3.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
