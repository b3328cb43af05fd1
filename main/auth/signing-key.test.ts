import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../core/index.js';
import { loadSigningKey, signingKeyPath } from './signing-key.js';

const posix = process.platform !== 'win32';

describe('session signing key', () => {
  let dataDir: string;
  let lines: string[];
  const log = () =>
    createLogger(
      { log: { level: 'info' } },
      new Writable({
        write(chunk: Buffer, _enc, done) {
          lines.push(chunk.toString('utf8'));
          done();
        },
      }),
    );

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'outpost-key-'));
    lines = [];
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is created once, private to this account, and reused across restarts', () => {
    const first = loadSigningKey(dataDir, log());
    expect(first).toHaveLength(32);
    if (posix) {
      expect(statSync(join(dataDir, 'keys')).mode & 0o777).toBe(0o700);
      expect(statSync(signingKeyPath(dataDir)).mode & 0o777).toBe(0o600);
    }
    const second = loadSigningKey(dataDir, log());
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    expect(readdirSync(join(dataDir, 'keys'))).toEqual(['session.key']);
  });

  it('never writes the key to the log', () => {
    const key = loadSigningKey(dataDir, log());
    const all = lines.join('');
    expect(all).not.toContain(Buffer.from(key).toString('base64'));
    expect(all).not.toContain(Buffer.from(key).toString('hex'));
  });

  it.skipIf(!posix)('tightens a key file that other accounts could read, and says so', () => {
    loadSigningKey(dataDir, log());
    chmodSync(signingKeyPath(dataDir), 0o644);
    chmodSync(join(dataDir, 'keys'), 0o755);
    lines = [];
    loadSigningKey(dataDir, log());
    expect(statSync(signingKeyPath(dataDir)).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'keys')).mode & 0o777).toBe(0o700);
    const warnings = lines.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.level === 40);
    expect(warnings).toHaveLength(2);
  });
});
