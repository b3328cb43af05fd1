import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasNetAdmin } from './net-admin.js';

describe('hasNetAdmin', () => {
  const dir = mkdtempSync(join(tmpdir(), 'outpost-netadmin-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const status = (capEff: string) => {
    const file = join(dir, `status-${capEff}`);
    writeFileSync(file, `Name:\tnode\nCapInh:\t0000000000000000\nCapEff:\t${capEff}\nCapBnd:\t000001ffffffffff\n`);
    return file;
  };

  it('reads CAP_NET_ADMIN (bit 12) from the effective set', () => {
    expect(hasNetAdmin(status('000001ffffffffff'))).toBe(true); // root
    expect(hasNetAdmin(status('0000000000001000'))).toBe(true); // setcap cap_net_admin+ep
    expect(hasNetAdmin(status('0000000000000000'))).toBe(false); // a signed-in user
    expect(hasNetAdmin(status('0000000000000400'))).toBe(false); // CAP_NET_BIND_SERVICE only
  });

  it('says no where /proc cannot be read', () => {
    expect(hasNetAdmin(join(dir, 'absent'))).toBe(false);
  });

  it('matches this process', () => {
    expect(hasNetAdmin()).toBe(process.getuid?.() === 0);
  });
});
