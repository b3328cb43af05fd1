import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const POSIX = process.platform !== 'win32';

/** Writes a secret atomically with mode 0600 in a 0700 folder. */
export function writeKeyFile(path: string, key: Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  if (POSIX) chmodSync(dirname(path), 0o700);
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, key, { flag: 'wx', mode: 0o600 });
    renameSync(temp, path);
  } finally {
    rmSync(temp, { force: true });
  }
}

/**
 * The key in `path`, or undefined when there is none; a file of the wrong length is an error
 * (`bytes` undefined: any length, for sealed keys whose size is the sealer's).
 */
export function readKeyFile(path: string, bytes: number | undefined, what: string): Buffer | undefined {
  let key: Buffer;
  try {
    key = readFileSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  if (bytes !== undefined && key.length !== bytes) {
    throw new Error(
      `The ${what} ${path} is damaged (${key.length} bytes, expected ${bytes}). Restore it from your key export.`,
    );
  }
  if (POSIX) chmodSync(path, 0o600);
  return key;
}

/** Reads the key, making a random one on first use. */
export function loadOrCreateKeyFile(path: string, bytes: number, what: string): Buffer {
  const existing = readKeyFile(path, bytes, what);
  if (existing) return existing;
  const key = randomBytes(bytes);
  try {
    writeFileSync(path, key, { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST' && (err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') writeKeyFile(path, key);
  }
  return readKeyFile(path, bytes, what)!;
}
