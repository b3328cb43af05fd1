import { chmodSync, chownSync, lstatSync, mkdirSync, unlinkSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { dirname } from 'node:path';
import { WireguardToolError, type WireguardHost } from '../../native/wireguard/index.js';
import { onLines, sendLine } from './line-stream.js';
import {
  ClientHello,
  describeIssues,
  MAX_MESSAGE_BYTES,
  OLDEST_PROTOCOL,
  PROTOCOL_VERSION,
  requestSchema,
  type HelperFailure,
  type HelperHello,
  type HelperRequest,
} from './helper-protocol.js';

export interface HelperLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface TunnelHelperOptions {
  /** The Unix socket; its folder is created (0755) when missing. */
  socketPath: string;
  /** The group allowed to manage tunnels: the socket is root:<gid>, mode 0660. */
  gid: number;
  /** Only interfaces whose names start with this are touched. */
  prefix: string;
  /** Does the work, in the namespace the helper was installed for. */
  host: WireguardHost;
  /** The Outpost version, for the hello. */
  version: string;
  log: HelperLog;
  /** A connection silent for this long is closed. */
  idleMs?: number;
  maxConnections?: number;
}

export interface TunnelHelper {
  readonly socketPath: string;
  /** Stops listening, ends every connection and stops the wireguard-go devices the helper started. */
  close(): Promise<void>;
}

const CHANGES: ReadonlySet<HelperRequest['op']> = new Set(['up', 'setFirewall', 'setForwarding', 'down', 'close']);

function failure(id: number | null, err: unknown): HelperFailure {
  if (err instanceof WireguardToolError) {
    return { id, ok: false, error: { message: err.message, kind: err.kind, detail: err.detail } };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { id, ok: false, error: { message, kind: 'failed', detail: '' } };
}

/** A stale socket from a helper that died is removed; anything else at the path is left alone. */
function clearSocketPath(path: string): void {
  let stat;
  try {
    stat = lstatSync(path);
  } catch {
    return;
  }
  if (!stat.isSocket()) throw new Error(`${path} exists and is not a socket: remove it or choose another --socket.`);
  unlinkSync(path);
}

async function listen(server: Server, path: string, gid: number): Promise<void> {
  mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
  clearSocketPath(path);
  // The socket is created 0660 (never briefly wider), then handed to the group.
  const umask = process.umask(0o117);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } finally {
    process.umask(umask);
  }
  chownSync(path, process.getuid?.() ?? 0, gid);
  chmodSync(path, 0o660);
}

/**
 * The privileged half of tunnels: a root process that does exactly the WireguardHost operations
 * for whoever may open its socket. Node cannot read a Unix socket peer's credentials (SO_PEERCRED)
 * without a native addon, so who may connect is decided by the socket file alone: root:<group>,
 * mode 0660, which the kernel checks at connect(). Each connection is served on its own; changes
 * to one interface run one after the other.
 */
export async function startTunnelHelper(options: TunnelHelperOptions): Promise<TunnelHelper> {
  const { host, log, prefix } = options;
  const schema = requestSchema(prefix);
  const queues = new Map<string, Promise<unknown>>();
  /** Interfaces brought up with wireguard-go: a client's close() stops only these, like a local host's. */
  const userspace = new Set<string>();
  const sockets = new Set<Socket>();

  function serial<T>(name: string, work: () => Promise<T>): Promise<T> {
    const next = (queues.get(name) ?? Promise.resolve()).then(work, work);
    const settled = next.catch(() => undefined);
    queues.set(name, settled);
    void settled.then(() => {
      if (queues.get(name) === settled) queues.delete(name);
    });
    return next;
  }

  async function perform(request: HelperRequest): Promise<unknown> {
    switch (request.op) {
      case 'up':
        return serial(request.spec.name, async () => {
          const implementation = await host.up(request.spec);
          if (implementation === 'wireguard-go') userspace.add(request.spec.name);
          return implementation;
        });
      case 'setFirewall':
        return serial(request.name, () => host.setFirewall(request.name, request.spec)).then(() => null);
      case 'setForwarding':
        return serial(request.name, () => host.setForwarding(request.name, request.on)).then(() => null);
      case 'down':
        return serial(request.name, async () => {
          await host.down(request.name);
          userspace.delete(request.name);
          return null;
        });
      case 'exists':
        return host.exists(request.name);
      case 'dump': {
        const dump = await host.dump(request.name);
        // Whoever is in the group may read any interface: never hand out the keys wg shows root.
        return dump && { ...dump, privateKey: null, peers: dump.peers.map((p) => ({ ...p, presharedKey: null })) };
      }
      case 'close':
        for (const name of request.names.filter((n) => userspace.has(n))) {
          await serial(name, async () => {
            await host.down(name);
            userspace.delete(name);
          });
        }
        return null;
    }
  }

  /** What a change did, for the journal: names, counts and outcomes, never keys. */
  function summary(request: HelperRequest): object {
    switch (request.op) {
      case 'up':
        return {
          op: 'up',
          interface: request.spec.name,
          addresses: request.spec.addresses,
          peers: request.spec.device.peers.length,
          listenPort: request.spec.device.listenPort ?? null,
        };
      case 'setFirewall':
        return { op: request.op, interface: request.name, allowedPairs: request.spec?.allowedPairs.length ?? null };
      case 'setForwarding':
        return { op: request.op, interface: request.name, on: request.on };
      case 'close':
        return { op: request.op, interfaces: request.names };
      default:
        return { op: request.op, interface: request.name };
    }
  }

  function serve(socket: Socket, connection: number): void {
    let greeted = false;
    socket.setTimeout(options.idleMs ?? 120_000, () => socket.destroy());
    socket.on('error', () => undefined);
    onLines(socket, MAX_MESSAGE_BYTES, {
      tooLong() {
        log.warn({ connection }, 'Tunnel helper refused a message over the size limit');
        sendLine(
          socket,
          failure(null, new Error(`The tunnel helper refused a message over ${MAX_MESSAGE_BYTES} bytes.`)),
        );
        socket.end();
        socket.destroySoon();
      },
      line(text) {
        let message: unknown;
        try {
          message = JSON.parse(text);
        } catch {
          sendLine(socket, failure(null, new Error('The tunnel helper refused a message that is not JSON.')));
          return;
        }
        if (!greeted) {
          greeted = hello(socket, message);
          return;
        }
        const parsed = schema.safeParse(message);
        if (!parsed.success) {
          const id = (message as { id?: unknown } | null)?.id;
          const sentence = describeIssues(parsed.error);
          log.warn({ connection, refused: sentence }, 'Tunnel helper refused a request');
          sendLine(socket, failure(typeof id === 'number' ? id : null, new Error(sentence)));
          return;
        }
        const request = parsed.data;
        perform(request).then(
          (result) => {
            if (CHANGES.has(request.op)) log.info({ connection, ...summary(request), result }, 'Tunnel changed');
            sendLine(socket, { id: request.id, ok: true, result: result ?? null });
          },
          (err: unknown) => {
            const answer = failure(request.id, err);
            if (CHANGES.has(request.op)) {
              log.warn(
                { connection, ...summary(request), error: answer.error.detail || answer.error.message },
                'Tunnel change failed',
              );
            }
            sendLine(socket, answer);
          },
        );
      },
    });
  }

  function hello(socket: Socket, message: unknown): boolean {
    const parsed = ClientHello.safeParse(message);
    const refuse = (sentence: string) => {
      sendLine(socket, failure(null, new Error(sentence)));
      socket.end();
      return false;
    };
    if (!parsed.success)
      return refuse('The tunnel helper expects a hello first ({"hello":{"protocol":1,"client":"…"}}).');
    const { protocol, client } = parsed.data.hello;
    if (protocol > PROTOCOL_VERSION) {
      return refuse(
        `This tunnel helper (Outpost ${options.version}) speaks protocol ${PROTOCOL_VERSION} and the app (Outpost ${client}) needs ${protocol}: ` +
          'upgrade the helper to the same Outpost version as the app and restart it (systemctl restart outpost-tunnel-helper).',
      );
    }
    if (protocol < OLDEST_PROTOCOL) {
      return refuse(
        `This tunnel helper (Outpost ${options.version}) no longer speaks protocol ${protocol} of the app (Outpost ${client}): upgrade the app.`,
      );
    }
    const answer: HelperHello = {
      hello: { protocol: PROTOCOL_VERSION, helper: options.version, netns: host.netns ?? null, prefix },
    };
    sendLine(socket, answer);
    return true;
  }

  let connections = 0;
  const server = createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    serve(socket, connections);
  });
  server.maxConnections = options.maxConnections ?? 64;
  await listen(server, options.socketPath, options.gid);
  log.info(
    { socket: options.socketPath, gid: options.gid, prefix, netns: host.netns ?? null, protocol: PROTOCOL_VERSION },
    'Tunnel helper listening',
  );

  return {
    socketPath: options.socketPath,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
      await Promise.allSettled([...queues.values()]);
      await host.close();
      log.info({ socket: options.socketPath }, 'Tunnel helper stopped');
    },
  };
}
