import { readFileSync, writeFileSync } from 'node:fs';
import { originOf, parseUrl } from './app-origin.js';

/*
 * The desktop app as a hub's admin console (issue 14): a window that shows the hub's own web UI,
 * served by `outpost serve --role hub`, as a browser would. It gets no preload and so no IPC: the
 * hub's pages talk to the hub over HTTP with their own sign-in, and never to this machine's Core.
 */

export class HubConsoleUrlError extends Error {
  override readonly name = 'HubConsoleUrlError';
}

/**
 * The origin of a hub address a user gave (`--hub=https://hub.example:8443`), or an error saying
 * what to fix. Plain http is taken only for loopback and the private ranges a WireGuard tunnel uses,
 * where the tunnel encrypts; anywhere else it must be https.
 */
export function hubConsoleOrigin(input: string): string {
  const url = parseUrl(input.trim());
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new HubConsoleUrlError(
      `"${input.slice(0, 200)}" is not a hub address: give one like https://hub.example:8443.`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new HubConsoleUrlError('A hub address must not carry a user name or password: sign in on the hub’s page.');
  }
  if (url.protocol === 'http:' && !isTunnelOrLocal(url.hostname)) {
    throw new HubConsoleUrlError(
      `Plain http to ${url.hostname} would send your hub password unencrypted: use https, or the hub’s tunnel address.`,
    );
  }
  return originOf(url.href)!;
}

/** Whether the console window (showing `origin`) may go to `url`: the hub's own pages only. */
export function isHubConsoleNavigation(origin: string, url: unknown): boolean {
  return originOf(url) === origin;
}

/** The `--hub=<address>` (or `--hub <address>`) among a command line's arguments, if any. */
export function hubArgument(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('--hub=')) return arg.slice('--hub='.length);
    if (arg === '--hub' && i + 1 < argv.length) return argv[i + 1];
  }
  return undefined;
}

/** The hub last opened (`<userData>/hub-console.json`), offered again in the tray; undefined when none or unreadable. */
export function rememberedHub(file: string): string | undefined {
  try {
    const saved = (JSON.parse(readFileSync(file, 'utf8')) as { origin?: unknown }).origin;
    return typeof saved === 'string' ? hubConsoleOrigin(saved) : undefined;
  } catch {
    return undefined;
  }
}

export function rememberHub(file: string, origin: string): void {
  writeFileSync(file, `${JSON.stringify({ origin })}\n`, { mode: 0o600 });
}

/** Loopback, RFC 1918, the benchmark range 198.18.0.0/15 Outpost's tunnels use, and IPv6 ULA/loopback. */
function isTunnelOrLocal(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host === '::1' || /^f[cd][0-9a-f]{2}:/.test(host)) return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!v4) return false;
  const [a, b] = [Number(v4[1]), Number(v4[2])];
  return (
    a === 127 ||
    a === 10 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 198 && (b === 18 || b === 19))
  );
}
