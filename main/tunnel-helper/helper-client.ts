import { statSync } from 'node:fs';
import { createConnection } from 'node:net';
import { userInfo } from 'node:os';
import {
  WireguardToolError,
  type DumpInterface,
  type FirewallSpec,
  type Implementation,
  type InterfaceSpec,
  type WireguardHost,
} from '../../native/wireguard/index.js';
import { groupName } from './group-id.js';
import { onLines, sendLine } from './line-stream.js';
import { MAX_MESSAGE_BYTES, PROTOCOL_VERSION, type HelperAnswer, type HelperHello } from './helper-protocol.js';

/** Where the packaged unit puts the socket; what the desktop app looks for when nothing is configured. */
export const DEFAULT_HELPER_SOCKET = '/run/outpost/tunnel-helper.sock';
export const DEFAULT_HELPER_GROUP = 'outpost-tunnels';

export function helperMissing(socketPath: string): WireguardToolError {
  return new WireguardToolError(
    `Tunnels need the Outpost tunnel helper, which is not running at ${socketPath}: an administrator creates the group ` +
      `(\`groupadd --system ${DEFAULT_HELPER_GROUP}\`), installs and starts the helper ` +
      '(`cp packaging/linux/outpost-tunnel-helper.service /etc/systemd/system/ && systemctl enable --now outpost-tunnel-helper`), ' +
      `adds you to the group (\`usermod -aG ${DEFAULT_HELPER_GROUP} ${userInfo().username}\`), and you sign in again (README "Tunnels").`,
    '',
    'missing-tool',
  );
}

function helperRefusedUser(socketPath: string): WireguardToolError {
  let group = DEFAULT_HELPER_GROUP;
  try {
    group = groupName(statSync(socketPath).gid) ?? String(statSync(socketPath).gid);
  } catch {
    // The socket went away between connect and stat: the default name is the best guess.
  }
  return new WireguardToolError(
    `You may not use the tunnel helper at ${socketPath}: an administrator adds you to its group ` +
      `(\`usermod -aG ${group} ${userInfo().username}\`), then you sign in again.`,
    '',
    'permission',
  );
}

/** The requests as the client builds them (the helper checks them against helper-protocol's schema). */
type Request =
  | { op: 'up'; spec: InterfaceSpec }
  | { op: 'setFirewall'; name: string; spec: FirewallSpec | null }
  | { op: 'setForwarding'; name: string; on: boolean }
  | { op: 'down' | 'dump' | 'exists'; name: string }
  | { op: 'close'; names: string[] };

export interface HelperHostOptions {
  socketPath: string;
  /** This app's Outpost version, sent in the hello. */
  version: string;
  timeoutMs?: number;
}

/**
 * A WireguardHost that asks the privileged tunnel helper to do the work, for a Core without
 * CAP_NET_ADMIN (the desktop app). Each call is one short connection (hello, request, answer), so a
 * restarted helper is picked up at the next call; the helper's failures come back as the same
 * WireguardToolError sentences a local host throws.
 */
export function createHelperHost(options: HelperHostOptions): WireguardHost {
  const { socketPath } = options;
  const timeoutMs = options.timeoutMs ?? 60_000;
  let netns: string | undefined;
  let nextId = 1;
  /** What this app brought up with wireguard-go: close() stops those, as a local host's does. */
  const started = new Set<string>();

  function call<T>(request: Request): Promise<T> {
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      const socket = createConnection(socketPath);
      let greeted = false;
      const finish = (err: Error | null, value?: T) => {
        socket.destroy();
        if (err) reject(err);
        else resolve(value as T);
      };
      socket.setTimeout(timeoutMs, () =>
        finish(
          new WireguardToolError(
            `The tunnel helper at ${socketPath} did not answer within ${Math.round(timeoutMs / 1000)} s: check it with \`systemctl status outpost-tunnel-helper\`.`,
            '',
            'failed',
          ),
        ),
      );
      socket.on('error', (err: NodeJS.ErrnoException) => {
        if (err.code === 'EACCES' || err.code === 'EPERM') finish(helperRefusedUser(socketPath));
        else if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED') finish(helperMissing(socketPath));
        else finish(new WireguardToolError(`The tunnel helper at ${socketPath} failed: ${err.message}.`, '', 'failed'));
      });
      socket.once('close', () =>
        finish(new WireguardToolError('The tunnel helper closed the connection without an answer.', '', 'failed')),
      );
      socket.once('connect', () => {
        sendLine(socket, { hello: { protocol: PROTOCOL_VERSION, client: options.version } });
        sendLine(socket, { ...request, id });
      });
      onLines(socket, MAX_MESSAGE_BYTES, {
        tooLong: () =>
          finish(new WireguardToolError('The tunnel helper sent an answer over the size limit.', '', 'failed')),
        line(text) {
          let message: HelperAnswer | HelperHello;
          try {
            message = JSON.parse(text) as HelperAnswer | HelperHello;
          } catch {
            return finish(
              new WireguardToolError(
                'The tunnel helper sent something that is not JSON.',
                text.slice(0, 200),
                'failed',
              ),
            );
          }
          if ('ok' in message && !message.ok) {
            const { error } = message;
            return finish(new WireguardToolError(error.message, error.detail, error.kind));
          }
          if (!greeted) {
            if (!('hello' in message))
              return finish(new WireguardToolError('The tunnel helper did not say hello.', '', 'failed'));
            greeted = true;
            if (message.hello.protocol < PROTOCOL_VERSION) {
              return finish(
                new WireguardToolError(
                  `The tunnel helper (Outpost ${message.hello.helper}) speaks protocol ${message.hello.protocol} and this app needs ${PROTOCOL_VERSION}: ` +
                    'upgrade the helper to the same Outpost version as the app and restart it (systemctl restart outpost-tunnel-helper).',
                  '',
                  'failed',
                ),
              );
            }
            netns = message.hello.netns ?? undefined;
            return;
          }
          if ('ok' in message && message.id === id) finish(null, message.result as T);
        },
      });
    });
  }

  return {
    /** The helper's namespace, as its last hello said (it is set at install, not by the app). */
    get netns() {
      return netns;
    },
    async up(spec: InterfaceSpec): Promise<Implementation> {
      const implementation = await call<Implementation>({ op: 'up', spec });
      if (implementation === 'wireguard-go') started.add(spec.name);
      return implementation;
    },
    setFirewall: (name: string, spec: FirewallSpec | null) =>
      call<null>({ op: 'setFirewall', name, spec }).then(() => undefined),
    setForwarding: (name: string, on: boolean) => call<null>({ op: 'setForwarding', name, on }).then(() => undefined),
    async down(name: string) {
      await call<null>({ op: 'down', name });
      started.delete(name);
    },
    dump: (name: string) => call<DumpInterface | null>({ op: 'dump', name }),
    exists: (name: string) => call<boolean>({ op: 'exists', name }),
    async close() {
      if (started.size === 0) return;
      const names = [...started];
      started.clear();
      await call<null>({ op: 'close', names });
    },
  };
}
