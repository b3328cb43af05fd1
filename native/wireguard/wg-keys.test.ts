import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { generateKeyPair, generatePresharedKey, generatePrivateKey, isWireguardKey, publicKeyOf } from './wg-keys.js';

const wg = (args: string[], input?: string) =>
  execFileSync('wg', args, { input: input ?? '', encoding: 'utf8' }).trim();

let haveWg = true;
try {
  wg(['--version']);
} catch {
  haveWg = false;
}

describe.skipIf(!haveWg)(`keys interoperate with wg${haveWg ? '' : ' (skipped: wg is not installed)'}`, () => {
  it('derives the same public key as `wg pubkey` from our private keys', () => {
    for (let i = 0; i < 20; i++) {
      const { privateKey, publicKey } = generateKeyPair();
      expect(wg(['pubkey'], `${privateKey}\n`)).toBe(publicKey);
    }
  });

  it('derives the same public key from `wg genkey` private keys', () => {
    for (let i = 0; i < 20; i++) {
      const privateKey = wg(['genkey']);
      expect(publicKeyOf(privateKey)).toBe(wg(['pubkey'], `${privateKey}\n`));
    }
  });

  it('clamps like wg genkey, so wg stores our keys unchanged', () => {
    const key = Buffer.from(generatePrivateKey(), 'base64');
    expect(key[0]! & 7).toBe(0);
    expect(key[31]! & 128).toBe(0);
    expect(key[31]! & 64).toBe(64);
  });

  it('makes preshared keys in the form wg genpsk does', () => {
    expect(isWireguardKey(generatePresharedKey())).toBe(true);
    expect(isWireguardKey(wg(['genpsk']))).toBe(true);
    expect(generatePresharedKey()).not.toBe(generatePresharedKey());
  });
});

describe('key validation', () => {
  it('refuses what is not a 32-byte base64 key', () => {
    expect(isWireguardKey('abc')).toBe(false);
    expect(isWireguardKey(`${'A'.repeat(43)}=\n`)).toBe(false);
    expect(() => publicKeyOf('not a key')).toThrow(/not a WireGuard key/);
  });
});
