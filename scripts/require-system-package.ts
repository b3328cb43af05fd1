import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/**
 * Tests that need a Debian package (chromium, mosquitto, postgresql, ffmpeg, wireguard-tools, …) call
 * `requireSystemCommand` first. A missing package makes the test FAIL — never skip — with the one line
 * that fixes it. Usable from Vitest and from Playwright (e2e/support/system-packages.ts re-exports it).
 */

/** The directories searched besides PATH: root's sbin folders are often missing from a CI user's PATH. */
const EXTRA_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The absolute path of `command` (a name looked up on PATH, or an absolute path), or undefined. */
export function findSystemCommand(command: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (isAbsolute(command)) return isExecutableFile(command) ? command : undefined;
  const dirs = [...(env.PATH ?? '').split(delimiter).filter(Boolean), ...EXTRA_DIRS];
  for (const dir of new Set(dirs)) {
    const candidate = join(dir, command);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

export function missingPackageMessage(command: string, aptPackage: string): string {
  return `${command} is not installed. Fix: apt-get install -y ${aptPackage}`;
}

/** Returns the command's absolute path, or throws `<command> is not installed. Fix: apt-get install -y <package>`. */
export function requireSystemCommand(command: string, aptPackage: string): string {
  const found = findSystemCommand(command);
  if (found === undefined) {
    const error = new Error(missingPackageMessage(command, aptPackage));
    // One line is the whole message: no stack noise in the test report.
    error.stack = `Error: ${error.message}`;
    throw error;
  }
  return found;
}
