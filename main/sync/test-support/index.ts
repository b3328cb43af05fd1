import { mkdtemp, rm } from 'node:fs/promises';
import { createServer as createTcpServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addUser, createCore, createLogger, loadConfig, type Core } from '../../core/index.js';
import { startServer, type RunningServer } from '../../server/index.js';

/*
 * Real Outpost installations for sync tests: a Core with its own SQLite files in a temporary
 * folder and its server on a free loopback port, an admin signed in; and a loopback TCP relay
 * between a site and its hub that a test can cut mid-request and heal.
 */

export const ADMIN_PASSWORD = 'sync test password 123';

export interface Installation {
  dataDir: string;
  core: Core;
  server: RunningServer;
  url: string;
  token: string;
  /** A contract call over HTTP; resolves with the status and the parsed body. */
  rpc<T = any>(method: string, input?: unknown, token?: string): Promise<{ status: number; body: T }>; // eslint-disable-line @typescript-eslint/no-explicit-any -- asserted field by field
  login(email: string, password: string, tenant?: string): Promise<string>;
  /** Stops the server and the Core, keeping the folder. */
  stop(): Promise<void>;
  close(): Promise<void>;
}

export async function startInstallation(
  role: 'site' | 'hub',
  overrides: Record<string, unknown> = {},
  before?: (dataDir: string, config: ReturnType<typeof loadConfig>) => Promise<void>,
  /** The installation's clock (sessions, sync times), for tests of expiry and skew. */
  now?: () => number,
  /** Starts again on a folder an earlier installation left (after `stop`). */
  existingDataDir?: string,
): Promise<Installation> {
  const dataDir = existingDataDir ?? (await mkdtemp(join(tmpdir(), `outpost-sync-${role}-`)));
  try {
    const config = loadConfig({
      env: {},
      overrides: { dataDir, role, server: { port: 0 }, log: { level: 'silent' }, ...overrides },
    });
    if (!existingDataDir)
      await addUser({ config, email: 'admin@example.com', password: ADMIN_PASSWORD, role: 'admin' });
    if (before) await before(dataDir, config);
    const logger = createLogger(config);
    const core = await createCore({ config, logger, ...(now ? { now } : {}) });
    const server = await startServer(core, { logger, rendererDir: join(dataDir, 'no-renderer') });
    const rpc: Installation['rpc'] = async (method, input, token) => {
      const response = await fetch(`${server.url}/api/rpc/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(input ?? {}),
      });
      return { status: response.status, body: (await response.json()) as never };
    };
    const login = async (email: string, password: string, tenant?: string) => {
      const answer = await rpc('auth.login', { email, password, ...(tenant ? { tenant } : {}) });
      if (answer.status !== 200) throw new Error(`Sign-in failed: ${JSON.stringify(answer.body)}`);
      return (answer.body as { token: string }).token;
    };
    const token = await login('admin@example.com', ADMIN_PASSWORD);
    const stop = async () => {
      await server.close().catch(() => undefined);
      await core.close().catch(() => undefined);
    };
    return {
      dataDir,
      core,
      server,
      url: server.url,
      token,
      rpc: (method, input, as = token) => rpc(method, input, as),
      login,
      stop,
      async close() {
        await stop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
}

export interface Relay {
  url: string;
  /** Bytes sent from clients towards the target so far. */
  readonly forwarded: number;
  /** Cuts every connection once `bytes` more have gone towards the target (0: now), and refuses new ones until healed. */
  cutAfter(bytes: number): void;
  heal(): void;
  /** Sends new connections to another target (a hub restarted on another port). */
  retarget(url: string): void;
  readonly cut: boolean;
  close(): Promise<void>;
}

/** A TCP relay on a free loopback port to `target` (an http://127.0.0.1:port URL). */
export async function startRelay(target: string): Promise<Relay> {
  let { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  let forwarded = 0;
  let budget = Number.POSITIVE_INFINITY;
  let cut = false;
  const cutNow = () => {
    cut = true;
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  };
  const server: Server = createTcpServer((client) => {
    if (cut) {
      client.destroy();
      return;
    }
    const upstream = connect(Number(port), hostname);
    sockets.add(client).add(upstream);
    client.on('data', (chunk: Buffer) => {
      if (cut) return;
      const room = budget - forwarded;
      if (chunk.length >= room) {
        upstream.write(chunk.subarray(0, Math.max(0, room)));
        forwarded += Math.max(0, room);
        // Let the partial request reach the hub before the line goes dead, as a real cut would.
        setImmediate(cutNow);
        return;
      }
      forwarded += chunk.length;
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!cut) client.write(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    get forwarded() {
      return forwarded;
    },
    get cut() {
      return cut;
    },
    cutAfter(bytes) {
      budget = forwarded + bytes;
      if (bytes === 0) cutNow();
    },
    retarget(url) {
      ({ hostname, port } = new URL(url));
    },
    heal() {
      cut = false;
      budget = Number.POSITIVE_INFINITY;
    },
    close: () =>
      new Promise<void>((resolve) => {
        cutNow();
        server.close(() => resolve());
      }),
  };
}

export { startHttpRelay, type HttpRelay, type RelayMode, type RelayedRequest } from './http-relay.js';
export { addBacklog, hubEvents, mirroredIds, siteEvents, type BacklogOptions } from './backlog.js';
export { enrolWithHub, webhookSource } from './enrolment.js';
