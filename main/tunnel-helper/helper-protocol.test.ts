import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createConnection, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWireguardHost, generateKeyPair } from '../../native/wireguard/index.js';
import { createHelperHost } from './helper-client.js';
import { MAX_MESSAGE_BYTES, PROTOCOL_VERSION } from './helper-protocol.js';
import { startTunnelHelper, type TunnelHelper } from './helper-server.js';

/**
 * The helper's front door with the real host behind it: poisoned requests are refused with the
 * field and the reason before anything runs, and the helper keeps serving everyone else. Needs no
 * privilege: the only request that reaches the host is `exists`, which any user may run.
 */

const HELLO = { hello: { protocol: PROTOCOL_VERSION, client: 'test' } };

/** One line the helper sent: a hello or an answer. */
interface Line {
  id?: number | null;
  ok?: boolean;
  result?: unknown;
  hello?: unknown;
  error: { message: string; kind: string };
}

/** A raw connection that sends lines and reads the answers one at a time. */
function connect(
  path: string,
): Promise<{ send(value: unknown): void; raw(text: string): void; next(): Promise<Line>; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(path);
    const lines: string[] = [];
    const waiting: ((line: string) => void)[] = [];
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (let nl = buffer.indexOf('\n'); nl !== -1; nl = buffer.indexOf('\n')) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        const waiter = waiting.shift();
        if (waiter) waiter(line);
        else lines.push(line);
      }
    });
    socket.once('error', reject);
    socket.once('connect', () =>
      resolve({
        socket,
        send: (value) => socket.write(`${JSON.stringify(value)}\n`),
        raw: (text) => socket.write(text),
        next: () =>
          new Promise((r) => {
            const line = lines.shift();
            if (line !== undefined) r(JSON.parse(line) as Line);
            else waiting.push((l) => r(JSON.parse(l) as Line));
          }),
      }),
    );
  });
}

describe('tunnel helper protocol', () => {
  let dir: string;
  let helper: TunnelHelper;
  const keys = generateKeyPair();
  const goodSpec = {
    name: 'opx0',
    addresses: ['198.18.0.1/15'],
    device: { privateKey: keys.privateKey, peers: [] },
    routes: [],
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'outpost-helper-proto-'));
    helper = await startTunnelHelper({
      socketPath: join(dir, 'helper.sock'),
      gid: process.getgid!(),
      prefix: 'op',
      host: createWireguardHost(),
      version: '9.9.9',
      log: { info: () => undefined, warn: () => undefined },
    });
  });
  afterAll(async () => {
    await helper?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates its socket 0660 for the installed group', () => {
    const stat = statSync(helper.socketPath);
    expect(stat.isSocket()).toBe(true);
    expect(stat.mode & 0o777).toBe(0o660);
    expect(stat.gid).toBe(process.getgid!());
  });

  it('answers a hello with its version, namespace and prefix', async () => {
    const c = await connect(helper.socketPath);
    c.send(HELLO);
    expect(await c.next()).toEqual({
      hello: { protocol: PROTOCOL_VERSION, helper: '9.9.9', netns: null, prefix: 'op' },
    });
    c.socket.destroy();
  });

  it('tells an app newer than itself to upgrade the helper', async () => {
    const c = await connect(helper.socketPath);
    c.send({ hello: { protocol: PROTOCOL_VERSION + 1, client: '10.0.0' } });
    const answer = await c.next();
    expect(answer.ok).toBe(false);
    expect(answer.error.message).toMatch(
      /speaks protocol 1 and the app \(Outpost 10\.0\.0\) needs 2: upgrade the helper/,
    );
    c.socket.destroy();
  });

  it('refuses a request before the hello', async () => {
    const c = await connect(helper.socketPath);
    c.send({ id: 1, op: 'exists', name: 'op0' });
    expect((await c.next()).error.message).toMatch(/expects a hello first/);
    c.socket.destroy();
  });

  it.each([
    ['an interface outside the prefix', { op: 'down', name: 'eth0' }, /name must start with "op"/],
    ['a name too long for the kernel', { op: 'exists', name: 'op0123456789abcdef' }, /name must be 1 to 15/],
    ['shell text in a name', { op: 'down', name: 'op0;reboot' }, /name must be 1 to 15/],
    [
      'an operation the host does not have',
      { op: 'exec', name: 'op0', command: 'sh' },
      /op Invalid discriminator value/,
    ],
    ['an extra argument', { op: 'down', name: 'op0', args: ['--force'] }, /Unrecognized key/i],
    [
      'a bad CIDR',
      { op: 'up', spec: { ...goodSpec, addresses: ['198.18.0.1/33'] } },
      /spec\.addresses\.0 must be an IP address or CIDR/,
    ],
    [
      'a shorthand address ip would read otherwise',
      { op: 'up', spec: { ...goodSpec, routes: ['10.1/8'] } },
      /spec\.routes\.0 must be an IP address or CIDR/,
    ],
    [
      'a default route into the tunnel',
      { op: 'up', spec: { ...goodSpec, routes: ['198.18.0.0/15', '::/0'] } },
      /spec\.routes\.1 must not be a default route/,
    ],
    [
      'a key that is not 32 bytes',
      { op: 'up', spec: { ...goodSpec, device: { ...goodSpec.device, privateKey: 'abc=' } } },
      /spec\.device\.privateKey must be a WireGuard key/,
    ],
    [
      'a port out of range',
      { op: 'up', spec: { ...goodSpec, device: { ...goodSpec.device, listenPort: 70000 } } },
      /spec\.device\.listenPort/,
    ],
    [
      'a newline smuggled into an endpoint',
      {
        op: 'up',
        spec: {
          ...goodSpec,
          device: {
            ...goodSpec.device,
            peers: [{ publicKey: keys.publicKey, endpoint: '1.2.3.4:1\nPostUp = sh', allowedIps: [] }],
          },
        },
      },
      /spec\.device\.peers\.0\.endpoint must be host:port/,
    ],
    [
      'a firewall pair that is not an address',
      { op: 'setFirewall', name: 'op0', spec: { allowedPairs: [['10.0.0.1', 'x y']] } },
      /allowedPairs/,
    ],
    [
      "a sibling device outside the helper's prefix (a hub key rotation's second interface)",
      { op: 'setFirewall', name: 'op0', spec: { allowedPairs: [], siblings: ['eth0'] } },
      /spec\.siblings\.0/,
    ],
  ])('refuses %s, naming the field, and keeps serving', async (_what, request, reason) => {
    const c = await connect(helper.socketPath);
    c.send(HELLO);
    await c.next();
    c.send({ id: 7, ...request });
    const refused = await c.next();
    expect(refused).toMatchObject({ id: 7, ok: false, error: { kind: 'failed' } });
    expect(refused.error.message).toMatch(/^The tunnel helper refused the request: /);
    expect(refused.error.message).toMatch(reason);
    // The same connection still works.
    c.send({ id: 8, op: 'exists', name: 'opnothere0' });
    expect(await c.next()).toEqual({ id: 8, ok: true, result: false });
    c.socket.destroy();
  });

  it('refuses a line that is not JSON and keeps the connection', async () => {
    const c = await connect(helper.socketPath);
    c.send(HELLO);
    await c.next();
    c.raw('{"id": 1, "op": \n');
    expect((await c.next()).error.message).toMatch(/not JSON/);
    c.send({ id: 2, op: 'exists', name: 'opnothere0' });
    expect((await c.next()).result).toBe(false);
    c.socket.destroy();
  });

  it('cuts a message over the size limit without buffering it, and serves the next client', async () => {
    const c = await connect(helper.socketPath);
    c.send(HELLO);
    await c.next();
    const closed = new Promise((r) => c.socket.once('close', r));
    c.raw('x'.repeat(MAX_MESSAGE_BYTES + 1024));
    expect((await c.next()).error.message).toMatch(/over \d+ bytes/);
    await closed;
    const host = createHelperHost({ socketPath: helper.socketPath, version: 'test' });
    expect(await host.exists('opnothere0')).toBe(false);
  });

  it('answers through the client as the host would, with the helper refusal as one sentence', async () => {
    const host = createHelperHost({ socketPath: helper.socketPath, version: 'test' });
    expect(await host.dump('opnothere0')).toBeNull();
    await expect(host.down('eth0')).rejects.toThrow(
      /^The tunnel helper refused the request: name must start with "op"/,
    );
  });

  it('says how to install the helper when its socket is missing', async () => {
    const host = createHelperHost({ socketPath: join(dir, 'absent.sock'), version: 'test' });
    const err = await host.exists('op0').catch((e: unknown) => e as Error);
    expect(err).toMatchObject({ name: 'WireguardToolError', kind: 'missing-tool' });
    expect((err as Error).message).toMatch(
      /not running at .*absent\.sock: an administrator creates the group .*usermod -aG outpost-tunnels/,
    );
  });
});
