import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentEntry, nodeArgs } from '../../e2e/support/outpost-server.js';
import { generateKeyPair } from '../../native/wireguard/index.js';
import {
  createTestNetwork,
  namespacesUnavailable,
  type TestNetwork,
} from '../../native/wireguard/test-support/index.js';
import { createHelperHost } from '../tunnel-helper/index.js';

/**
 * `outpost tunnel-helper` as its systemd unit runs it: a process of its own, here in a test
 * namespace. What it starts (wireguard-go) it stops when it is stopped, and its socket goes too.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const unavailable = process.getuid?.() === 0 ? namespacesUnavailable() : 'not running as root';

async function eventually<T>(what: string, check: () => T | null | undefined | false, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The wireguard-go serving `name`, by its command line. */
function userspacePid(name: string): number | null {
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (argv.some((a) => a.endsWith('wireguard-go')) && argv.includes(name)) return Number(entry);
    } catch {
      // Ended while we looked.
    }
  }
  return null;
}

describe.skipIf(unavailable !== null)(`outpost tunnel-helper${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let net: TestNetwork;
  let ns: string;
  let dir: string;
  let child: ChildProcess | undefined;
  let output = '';

  beforeAll(() => {
    net = createTestNetwork();
    ns = net.namespace('helpercli');
    dir = mkdtempSync(join(tmpdir(), 'outpost-wghelper-cli-'));
    // The unprivileged child's temporary files (tsx's cache) stay in here and go with it.
    chmodSync(dir, 0o755);
    mkdirSync(join(dir, 'tmp'));
    chmodSync(join(dir, 'tmp'), 0o777);
  });
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    }
    await net?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('serves until stopped, then stops the wireguard-go it started and removes its socket', async () => {
    const socketPath = join(dir, 'helper.sock');
    child = spawn(
      process.execPath,
      nodeArgs(currentEntry(), [
        'tunnel-helper',
        '--socket',
        socketPath,
        '--group',
        String(process.getgid!()),
        '--prefix',
        'wg',
        '--netns',
        ns,
      ]),
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
    );
    child.stdout!.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString('utf8')));
    await eventually('the helper listening', () => output.includes('Tunnel helper listening'));

    const host = createHelperHost({ socketPath, version: 'test' });
    const name = net.ifname('cli');
    const implementation = await host.up({
      name,
      addresses: ['198.18.0.1/15'],
      device: { privateKey: generateKeyPair().privateKey, peers: [] },
      routes: [],
    });
    expect(await host.exists(name)).toBe(true);
    expect(output).toContain(`"op":"up","interface":"${name}"`);

    // Without the kernel module the helper runs wireguard-go as its own child; stopping must end it.
    const pid = implementation === 'wireguard-go' ? userspacePid(name) : null;
    if (implementation === 'wireguard-go') expect(pid).not.toBeNull();

    const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('Tunnel helper stopped');
    expect(existsSync(socketPath)).toBe(false);
    if (pid !== null) await eventually('wireguard-go to end', () => !alive(pid), 5000);
    if (implementation === 'wireguard-go') {
      expect(net.exec(ns, ['ip', '-o', 'link', 'show'])).not.toContain(name);
    }
  }, 60_000);

  it('refuses to start without CAP_NET_ADMIN, saying how to run it', async () => {
    const refused = spawn(
      process.execPath,
      nodeArgs(currentEntry(), ['tunnel-helper', '--socket', join(dir, 'x.sock'), '--group', '0']),
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        uid: 65534,
        gid: 65534,
        env: { PATH: process.env.PATH, NO_COLOR: '1', TMPDIR: join(dir, 'tmp') },
      },
    );
    let stderr = '';
    refused.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const code = await new Promise<number | null>((r) => refused.once('exit', (c) => r(c)));
    expect(code).toBe(1);
    expect(stderr).toContain('The tunnel helper needs CAP_NET_ADMIN: run it as root (its systemd unit does).');
    expect(existsSync(join(dir, 'x.sock'))).toBe(false);
  }, 60_000);
});
