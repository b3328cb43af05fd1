import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Logger } from '../core/index.js';

const KEY_BYTES = 32;

export function signingKeyPath(dataDir: string): string {
  return join(dataDir, 'keys', 'session.key');
}

/** On Windows the mode bits mean little; the user profile's ACLs protect the folder. */
const POSIX = process.platform !== 'win32';

function tighten(path: string, mode: number, what: string, log: Logger): void {
  if (!POSIX) return;
  const actual = statSync(path).mode & 0o777;
  if (actual === mode) return;
  chmodSync(path, mode);
  log.warn(
    { path, was: actual.toString(8), now: mode.toString(8) },
    `The ${what} was readable by other accounts; its permissions were tightened`,
  );
}

function readKey(path: string): Uint8Array {
  const key = readFileSync(path);
  if (key.length !== KEY_BYTES) {
    throw new Error(
      `The session signing key ${path} is damaged (${key.length} bytes, expected ${KEY_BYTES}). ` +
        'Delete it and restart Outpost: a new key is made and everyone signs in again.',
    );
  }
  return new Uint8Array(key);
}

/**
 * The per-installation secret that signs session tokens, made on first start. It is created with
 * an exclusive write to a temporary name and renamed into place, so two processes starting
 * together agree on one key and a crash never leaves a half-written one.
 */
export function loadSigningKey(dataDir: string, log: Logger): Uint8Array {
  const dir = join(dataDir, 'keys');
  const path = signingKeyPath(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  tighten(dir, 0o700, 'keys folder', log);
  try {
    tighten(path, 0o600, 'session signing key', log);
    return readKey(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, randomBytes(KEY_BYTES), { flag: 'wx', mode: 0o600 });
    renameSync(temp, path);
  } finally {
    rmSync(temp, { force: true });
  }
  log.info({ path }, 'Created a new session signing key');
  return readKey(path);
}
