import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { leaseAddressBlock, type AddressBlock } from './address-block.js';

const held: AddressBlock[] = [];
afterEach(() => held.splice(0).forEach((b) => b.release()));

describe('tunnel-lab address blocks', () => {
  it('never hands the same block to two labs at once, and frees it on release', () => {
    const a = leaseAddressBlock();
    const b = leaseAddressBlock();
    held.push(a, b);
    expect(a.base).not.toBe(b.base);
    expect([a.base, b.base].every((base) => base >= 64 && base <= 240 && base % 16 === 0)).toBe(true);
    a.release();
    const c = leaseAddressBlock();
    held.push(c);
    expect(c.base).toBe(a.base);
  });

  it('takes over a block whose holder died without releasing it', () => {
    const mine = leaseAddressBlock();
    const k = (mine.base - 64) / 16;
    mine.release();
    // A process that has exited: its pid is free (or reused much later, which only delays the lease).
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    const lock = join(tmpdir(), `outpost-tunnel-lab-block-${k}.lock`);
    writeFileSync(lock, dead);
    const lease = leaseAddressBlock();
    held.push(lease);
    expect(lease.base).toBe(mine.base);
    lease.release();
    expect(existsSync(lock)).toBe(false);
  });
});
