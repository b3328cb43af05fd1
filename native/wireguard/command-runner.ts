import { execFile, type ExecFileException } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs the network tools (`wg`, `ip`, `nft`, `sysctl`), inside a network namespace when one is
 * given, and turns their failures into one sentence a user can act on. Arguments are passed as
 * an array (never through a shell); secrets go through stdin, never the command line, which
 * `ps` shows to every user.
 */

export class WireguardToolError extends Error {
  constructor(
    message: string,
    /** What the tool printed, for the log. Never holds a key: keys only travel on stdin. */
    readonly detail: string,
    readonly kind: 'missing-tool' | 'permission' | 'namespace' | 'failed',
  ) {
    super(message);
    this.name = 'WireguardToolError';
  }
}

const PACKAGES: Record<string, string> = {
  wg: 'wireguard-tools',
  'wireguard-go': 'wireguard-go',
  ip: 'iproute2',
  nft: 'nftables',
  sysctl: 'procps',
};

export const PRIVILEGE_HINT =
  'needs CAP_NET_ADMIN: run `outpost serve` as root or grant it the capability (setcap cap_net_admin+ep on node); ' +
  'the desktop app needs its tunnel helper (install packaging/linux/outpost-tunnel-helper.service and join the outpost-tunnels group; README "Tunnels")';

export function missingTool(tool: string): WireguardToolError {
  return new WireguardToolError(
    `Tunnels need \`${tool}\`, which is not installed: apt-get install -y ${PACKAGES[tool] ?? tool}.`,
    '',
    'missing-tool',
  );
}

export interface RunOptions {
  netns?: string | undefined;
  input?: string;
  timeoutMs?: number;
}

/** The argv that runs `tool` in `netns` (or here). */
export function inNamespace(netns: string | undefined, tool: string, args: readonly string[]): [string, string[]] {
  return netns ? ['ip', ['netns', 'exec', netns, tool, ...args]] : [tool, [...args]];
}

export function explainFailure(
  tool: string,
  netns: string | undefined,
  stderr: string,
  code: unknown,
): WireguardToolError {
  const text = stderr.trim();
  if (code === 'ENOENT') return missingTool(netns ? 'ip' : tool);
  if (/exec of "([^"]+)" failed: No such file/.test(text)) return missingTool(tool);
  if (/Cannot open network namespace/.test(text)) {
    return new WireguardToolError(
      `The network namespace "${netns}" (tunnels.netns) does not exist: create it with \`ip netns add ${netns}\` or clear the setting.`,
      text,
      'namespace',
    );
  }
  if (/Operation not permitted|Permission denied|must be run as root|setting namespace failed/i.test(text)) {
    return new WireguardToolError(`Tunnels ${PRIVILEGE_HINT}.`, text, 'permission');
  }
  const firstLine = text.split('\n').find((l) => l.trim() !== '') ?? `exit code ${String(code)}`;
  return new WireguardToolError(`\`${tool}\` failed: ${firstLine}`, text, 'failed');
}

/** Runs a tool and answers its stdout; throws WireguardToolError. */
export function runTool(tool: string, args: readonly string[], options: RunOptions = {}): Promise<string> {
  const [file, argv] = inNamespace(options.netns, tool, args);
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      argv,
      { timeout: options.timeoutMs ?? 10_000, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
      (err: ExecFileException | null, stdout: string, stderr: string) => {
        if (!err) return resolve(stdout);
        reject(explainFailure(tool, options.netns, stderr || err.message, err.code));
      },
    );
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.input ?? '');
  });
}

/**
 * Runs `tool` with a secret-bearing file argument. `wg` opens files by path and cannot read a
 * Node pipe (a socket, which /dev/stdin cannot reopen), so the text goes to a 0600 file in a 0700
 * folder in memory (/dev/shm where it exists), removed as soon as the tool returns.
 */
export async function runWithSecretFile(
  tool: string,
  args: (path: string) => readonly string[],
  text: string,
  options: RunOptions = {},
): Promise<string> {
  const dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'outpost-wg-'));
  try {
    const path = join(dir, 'conf');
    writeFileSync(path, text, { mode: 0o600 });
    return await runTool(tool, args(path), options);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
