import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'outpost-config-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('fills in defaults', () => {
    const config = loadConfig({ env: { OUTPOST_DATA_DIR: dataDir } });
    expect(config).toMatchObject({
      dataDir: resolve(dataDir),
      role: 'site',
      server: { host: '127.0.0.1', port: 4870 },
      auth: { sessionTtlMinutes: 720, loginMaxFailures: 5, loginWindowMinutes: 15 },
      log: { level: 'info' },
    });
  });

  it('layers config.json, then OUTPOST_* variables, then the command line', () => {
    writeFileSync(
      join(dataDir, 'config.json'),
      JSON.stringify({ role: 'hub', server: { port: 1000, host: '0.0.0.0' } }),
    );
    const config = loadConfig({
      env: { OUTPOST_DATA_DIR: dataDir, OUTPOST_SERVER_PORT: '2000', OUTPOST_AUTH_SESSION_TTL_MINUTES: '60' },
      overrides: { server: { port: 3000 } },
    });
    expect(config.role).toBe('hub');
    expect(config.server).toMatchObject({ host: '0.0.0.0', port: 3000 });
    expect(config.auth.sessionTtlMinutes).toBe(60);
  });

  it('keeps acknowledged events across a process crash by default, and across a power cut when asked', () => {
    expect(loadConfig({ env: { OUTPOST_DATA_DIR: dataDir } }).store.durability).toBe('process');
    const power = loadConfig({ env: { OUTPOST_DATA_DIR: dataDir, OUTPOST_STORE_DURABILITY: 'power' } });
    expect(power.store.durability).toBe('power');
    expect(
      problemsOf(() => loadConfig({ env: { OUTPOST_DATA_DIR: dataDir, OUTPOST_STORE_DURABILITY: 'always' } })),
    ).toEqual([expect.stringMatching(/^store\.durability: .*OUTPOST_STORE_DURABILITY\)$/)]);
  });

  it('names the command line, not config.json, for an unknown setting given on the command line', () => {
    const problems = problemsOf(() =>
      loadConfig({ env: { OUTPOST_DATA_DIR: dataDir }, overrides: { logLevel: 'debug' } as never }),
    );
    expect(problems).toEqual([expect.stringMatching(/Unrecognized key: "logLevel" \(from command line\)$/)]);
  });

  it('lists every invalid setting in one error, each with where it came from', () => {
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ log: { level: 'chatty' } }));
    const problems = problemsOf(() =>
      loadConfig({
        env: {
          OUTPOST_DATA_DIR: dataDir,
          OUTPOST_SERVER_PORT: '70000',
          OUTPOST_ROLE: 'satellite',
          OUTPOST_COLOUR: 'blue',
        },
        overrides: { auth: { sessionTtlMinutes: 0 } },
      }),
    );
    expect(problems).toHaveLength(5);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^OUTPOST_COLOUR: unknown setting/),
        expect.stringMatching(/^server\.port: .*\(from environment variable OUTPOST_SERVER_PORT\)$/),
        expect.stringMatching(/^role: .*\(from environment variable OUTPOST_ROLE\)$/),
        expect.stringMatching(/^auth\.sessionTtlMinutes: .*\(from command line\)$/),
        expect.stringMatching(/^log\.level: .*config\.json\)$/),
      ]),
    );
  });

  it('reports a config.json that is not valid JSON alongside the other problems', () => {
    writeFileSync(join(dataDir, 'config.json'), '{ "role": "hub", }');
    const err = (() => {
      try {
        loadConfig({ env: { OUTPOST_DATA_DIR: dataDir, OUTPOST_SERVER_PORT: 'eighty' } });
      } catch (e) {
        return e;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems;
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/config\.json: not valid JSON/);
    expect(problems[1]).toMatch(/^server\.port: /);
    expect((err as ConfigError).message).toMatch(/^Outpost cannot start: invalid settings\n {2}- /);
  });

  it('refuses a config.json that is not an object, and unknown keys in it', () => {
    writeFileSync(join(dataDir, 'config.json'), '[1, 2]');
    expect(problemsOf(() => loadConfig({ env: { OUTPOST_DATA_DIR: dataDir } }))).toEqual([
      expect.stringMatching(/must hold a JSON object/),
    ]);
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ server: { prot: 1 } }));
    expect(problemsOf(() => loadConfig({ env: { OUTPOST_DATA_DIR: dataDir } }))).toEqual([
      expect.stringMatching(/^server: .*prot/),
    ]);
  });
});
