import { randomFillSync } from 'node:crypto';
import { monotonicFactory } from 'ulid';

/** Random bytes drawn from the kernel a page at a time, handed out one by one. */
const POOL_BYTES = 4096;
const pool = new Uint8Array(POOL_BYTES);
let taken = POOL_BYTES;

/**
 * The ulid library asks its generator for one random character at a time, and its default
 * generator makes a `getRandomValues` call (a system call) for each: 16 per id, more than the
 * rest of an event insert. The same cryptographic randomness, fetched 4 KiB at a time, costs one
 * call per 256 ids. 256 values map evenly onto ulid's 32 characters.
 */
function pooledRandom(): number {
  if (taken === POOL_BYTES) {
    randomFillSync(pool);
    taken = 0;
  }
  return pool[taken++]! / 256;
}

/**
 * One monotonic generator for the whole store, so ids made in the same millisecond still
 * sort in creation order (audit entries and other lists rely on it to break ties).
 */
export const newId: () => string = monotonicFactory(pooledRandom);
