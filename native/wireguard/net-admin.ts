import { readFileSync } from 'node:fs';

const CAP_NET_ADMIN = 12n;

/**
 * Whether this process may configure network interfaces (CAP_NET_ADMIN in its effective set, as
 * /proc/self/status shows it). False where /proc is absent (macOS, Windows): there the tunnels
 * need the helper or an administrator's shell anyway.
 */
export function hasNetAdmin(statusFile = '/proc/self/status'): boolean {
  try {
    const line = /^CapEff:\s*([0-9a-f]+)$/im.exec(readFileSync(statusFile, 'utf8'));
    return line ? ((BigInt(`0x${line[1]}`) >> CAP_NET_ADMIN) & 1n ? true : false) : false;
  } catch {
    return false;
  }
}
