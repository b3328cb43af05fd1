import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** 12 blocks of 16 addresses: 192.0.2.64–255, the management veths' share of the test range. */
const BLOCKS = 12;

export interface AddressBlock {
  /** The block's first host byte: 64, 80, … 240. */
  base: number;
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Leases a block of management addresses for one lab. Labs run in parallel test workers, and two
 * labs with the same addresses in the root namespace send each other's API calls astray, so a block
 * is held by a lock file made with O_EXCL (one winner per block, across processes); a file left by a
 * process that died is taken over.
 */
export function leaseAddressBlock(): AddressBlock {
  const first = process.pid % BLOCKS;
  for (let attempt = 0; attempt < BLOCKS * 2; attempt++) {
    const k = (first + attempt) % BLOCKS;
    const lock = join(tmpdir(), `outpost-tunnel-lab-block-${k}.lock`);
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let held = true;
      return {
        base: 64 + k * 16,
        release() {
          if (held) rmSync(lock, { force: true });
          held = false;
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(readFileSync(lock, 'utf8'));
      if (Number.isInteger(owner) && owner > 0 && !alive(owner)) {
        rmSync(lock, { force: true });
        attempt--; // the same block again, now free
      }
    }
  }
  throw new Error(`All ${BLOCKS} tunnel-lab address blocks are in use: too many labs at once.`);
}
