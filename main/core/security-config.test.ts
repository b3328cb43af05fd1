import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

/** The admin-only settings of issue 8's guards: what outgoing requests may reach, how big shared workers are. */
describe('security settings', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'outpost-security-config-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('allows no extra outgoing ranges by default, and takes them from the file, env (JSON or commas) or flags', () => {
    expect(loadConfig({ env: { OUTPOST_DATA_DIR: dataDir } }).outbound.allow).toEqual([]);
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ outbound: { allow: ['10.20.0.0/16'] } }));
    expect(loadConfig({ env: { OUTPOST_DATA_DIR: dataDir } }).outbound.allow).toEqual(['10.20.0.0/16']);
    const env = { OUTPOST_DATA_DIR: dataDir, OUTPOST_OUTBOUND_ALLOW: '127.0.0.0/8, fd00::/8' };
    expect(loadConfig({ env }).outbound.allow).toEqual(['127.0.0.0/8', 'fd00::/8']);
    const json = { OUTPOST_DATA_DIR: dataDir, OUTPOST_OUTBOUND_ALLOW: '["192.168.1.0/24"]' };
    expect(loadConfig({ env: json }).outbound.allow).toEqual(['192.168.1.0/24']);
    // `--allow-outbound` (repeatable) replaces the list, like every flag.
    expect(loadConfig({ env, overrides: { outbound: { allow: ['10.0.0.0/8'] } } }).outbound.allow).toEqual([
      '10.0.0.0/8',
    ]);
  });

  it('refuses a range that is not CIDR, naming it', () => {
    let problems: string[] = [];
    try {
      loadConfig({
        env: { OUTPOST_DATA_DIR: dataDir },
        overrides: { outbound: { allow: ['10.0.0.0/8', 'intranet'] } },
      });
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems = err.problems;
    }
    expect(problems).toEqual([expect.stringMatching(/^outbound\.allow\.1: "intranet" is not a CIDR range/u)]);
  });
});
