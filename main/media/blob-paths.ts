import { join } from 'node:path';
import { OutpostError } from '../contract/index.js';

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function isSha256(value: unknown): value is string {
  return typeof value === 'string' && SHA256_HEX.test(value);
}

/**
 * `<root>/sha256/ab/cdef…`. Only a 64-character lower-case hex name is accepted, so nothing a client
 * sends can point outside the store.
 */
export function blobPath(root: string, sha256: string): string {
  if (!isSha256(sha256)) {
    throw new OutpostError('invalid_input', 'A media hash must be 64 lower-case hex characters (SHA-256).', {
      issues: [{ path: 'sha256', message: 'Must be 64 lower-case hex characters' }],
    });
  }
  return join(root, 'sha256', sha256.slice(0, 2), sha256.slice(2));
}
