import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWireguardHost } from '../../native/wireguard/index.js';
import {
  createTestNetwork,
  namespacesUnavailable,
  type TestNetwork,
} from '../../native/wireguard/test-support/index.js';
import { startTunnelHelper, type TunnelHelper } from './helper-server.js';

/**
 * The split the desktop app relies on, for real: the helper runs as root (this test process) with
 * its interfaces in a namespace of its own; the app's side runs in a child that has dropped to
 * uid `nobody`, and brings an interface up, reads it and takes it down only through the socket.
 * A child outside the socket's group is refused by the kernel at connect, and told what to do.
 */

const isRoot = process.getuid?.() === 0;
const unavailable = isRoot ? namespacesUnavailable() : 'not running as root, so a child cannot drop to another user';

const NOBODY = 65534;
const NOGROUP = 65534;
const TSX = join(process.cwd(), 'node_modules/tsx/dist/cli.mjs');
const CLIENT = join(import.meta.dirname, 'test-fixtures/unprivileged-client.ts');

/** A gid no group in /etc/group has: the socket's group, which only the first child is in. */
function freeGid(): number {
  const taken = new Set(
    readFileSync('/etc/group', 'utf8')
      .split('\n')
      .map((line) => Number(line.split(':')[2])),
  );
  let gid = 40_000 + (process.pid % 10_000);
  while (taken.has(gid)) gid += 1;
  return gid;
}

interface ChildReport {
  uid: number;
  gid: number;
  groups: number[];
  implementation?: string;
  netns?: string;
  publicKey?: string;
  peerKey?: string;
  dump?: {
    privateKey: string | null;
    publicKey: string;
    listenPort: number;
    peers: { publicKey: string; allowedIps: string[]; persistentKeepalive: number | null; presharedKey: null }[];
  } | null;
  existsAfterUp?: boolean;
  existsAfterDown?: boolean;
  error?: { name: string; message: string; kind: string };
}

function runClient(gid: number, socketPath: string, name: string, childTmp: string): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [TSX, CLIENT, socketPath, name],
      { uid: NOBODY, gid, timeout: 60_000, env: { PATH: process.env.PATH, HOME: '/nonexistent', TMPDIR: childTmp } },
      (err, stdout, stderr) => {
        const line = stdout.trim().split('\n').pop();
        if (!line) return reject(new Error(`the child printed nothing: ${String(err)} ${stderr}`));
        resolve(JSON.parse(line) as ChildReport);
      },
    );
  });
}

describe.skipIf(unavailable !== null)(
  `tunnel helper across a privilege boundary${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    let net: TestNetwork;
    let ns: string;
    let dir: string;
    let helper: TunnelHelper;
    const gid = freeGid();
    const changes: object[] = [];

    beforeAll(async () => {
      net = createTestNetwork();
      ns = net.namespace('helper');
      dir = mkdtempSync(join(tmpdir(), 'outpost-wghelper-'));
      // The folder must let `nobody` reach the socket; the socket's own mode decides the rest.
      chmodSync(dir, 0o755);
      // The children's own temporary files (tsx's cache) stay in here and go with it.
      mkdirSync(join(dir, 'tmp'), { mode: 0o777 });
      chmodSync(join(dir, 'tmp'), 0o777);
      helper = await startTunnelHelper({
        socketPath: join(dir, 'tunnel-helper.sock'),
        gid,
        prefix: 'wg',
        host: createWireguardHost({ netns: ns }),
        version: 'test',
        log: { info: (obj) => changes.push(obj), warn: (obj) => changes.push(obj) },
      });
    }, 30_000);
    afterAll(async () => {
      await helper?.close();
      await net?.cleanup();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("lets a user in the group bring an interface up in the helper's namespace, read it and take it down", async () => {
      const name = net.ifname('hlp');
      const report = await runClient(gid, helper.socketPath, name, join(dir, 'tmp'));
      expect(report.error).toBeUndefined();
      expect(report).toMatchObject({ uid: NOBODY, gid, groups: [gid] });
      expect(['kernel', 'wireguard-go']).toContain(report.implementation);
      expect(report.netns).toBe(ns);
      expect(report.dump).toMatchObject({
        publicKey: report.publicKey,
        listenPort: 51821,
        peers: [{ publicKey: report.peerKey, allowedIps: ['198.18.0.2/32'], persistentKeepalive: 5 }],
      });
      // The group may read the interface, never its keys.
      expect(report.dump!.privateKey).toBeNull();
      expect(report.existsAfterUp).toBe(true);
      expect(report.existsAfterDown).toBe(false);
      // The interface lived in the namespace, not on the host, and is gone.
      expect(net.exec(ns, ['ip', '-o', 'link', 'show'])).not.toContain(name);
      const logged = JSON.stringify(changes);
      expect(logged).toContain(`"op":"up","interface":"${name}"`);
      expect(logged).toContain(`"op":"down","interface":"${name}"`);
      expect(logged).not.toContain('privateKey');
    }, 60_000);

    it("refuses a user outside the socket's group, and says how to be let in", async () => {
      const name = net.ifname('out');
      const report = await runClient(NOGROUP, helper.socketPath, name, join(dir, 'tmp'));
      expect(report).toMatchObject({ uid: NOBODY, gid: NOGROUP });
      expect(report.error).toMatchObject({ name: 'WireguardToolError', kind: 'permission' });
      expect(report.error!.message).toMatch(
        new RegExp(
          `^You may not use the tunnel helper at .*: an administrator adds you to its group \\(\`usermod -aG ${gid} nobody\`\\)`,
        ),
      );
      expect(net.exec(ns, ['ip', '-o', 'link', 'show'])).not.toContain(name);
      // The helper is still there for everyone else.
      const allowed = await runClient(gid, helper.socketPath, net.ifname('ok'), join(dir, 'tmp'));
      expect(allowed.existsAfterDown).toBe(false);
    }, 60_000);
  },
);
