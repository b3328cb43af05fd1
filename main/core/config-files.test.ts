import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('files.allowRead', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'outpost-config-files-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is empty by default: file-reading sources read nothing', () => {
    expect(loadConfig({ env: {}, overrides: { dataDir } }).files.allowRead).toEqual([]);
  });

  it('comes from config.json, from the environment as JSON or a PATH-like list, and the command line wins', () => {
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ files: { allowRead: ['/var/log'] } }));
    expect(loadConfig({ env: {}, overrides: { dataDir } }).files.allowRead).toEqual(['/var/log']);
    const env = (value: string) => loadConfig({ env: { OUTPOST_FILES_ALLOW_READ: value }, overrides: { dataDir } });
    expect(env('["/srv/ftp","/var/log/app"]').files.allowRead).toEqual(['/srv/ftp', '/var/log/app']);
    expect(env(['/srv/ftp', '/var/log/app'].join(delimiter)).files.allowRead).toEqual(['/srv/ftp', '/var/log/app']);
    const flags = loadConfig({ env: {}, overrides: { dataDir, files: { allowRead: ['/mnt/cams'] } } });
    expect(flags.files.allowRead).toEqual(['/mnt/cams']);
  });

  it('refuses a relative folder, naming the setting', () => {
    try {
      loadConfig({ env: { OUTPOST_FILES_ALLOW_READ: '["logs"]' }, overrides: { dataDir } });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems).toEqual([
        expect.stringMatching(/^files\.allowRead\.0: must be an absolute folder path.*OUTPOST_FILES_ALLOW_READ/),
      ]);
    }
  });
});
