import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDump } from './wg-dump.js';

// Captured from wireguard-go v0.0.20220316 and wg v1.0.20210914 (throwaway keys): a hub with a peer
// that completed a handshake (preshared key, two allowed IPs), one with only a keepalive, and one
// with nothing set; and `wg show all dump` with a second interface that has an fwmark.
const fixture = (name: string) => readFileSync(new URL(`./test-fixtures/${name}`, import.meta.url), 'utf8');

describe('wg show dump', () => {
  it('reads every column of a single interface', () => {
    const [hub] = parseDump(fixture('wg-show-dump.txt'));
    expect(hub).toMatchObject({
      name: null,
      privateKey: 'WJE2QI8GJUk2HNZcyvxUPZZJXmrXNVNYJtlvF6udPW4=',
      publicKey: 'vXsaTCgL/YBkz++SVpaAf9FFQlKgT063md98DyfPaHY=',
      listenPort: 51820,
      fwmark: null,
    });
    expect(hub!.peers).toEqual([
      {
        publicKey: '8Y06hDS5Q/2NOT/K35HGpdMFNOE0547UQtlk+3qA6i4=',
        presharedKey: '7CPCRpE7PS4Gypl5EwK6VCTpbElZjUUAua+rJwlmDrs=',
        endpoint: '192.0.2.2:51821',
        allowedIps: ['198.18.0.2/32', 'fd00:5::2/128'],
        latestHandshakeAt: 1796290610_000,
        rxBytes: 180,
        txBytes: 92,
        persistentKeepalive: null,
      },
      {
        publicKey: 'F+coE71Kr/bp/P3CaxKXsxySz6OXdLkv7x036taSpGA=',
        presharedKey: null,
        endpoint: null,
        allowedIps: ['198.18.0.3/32'],
        latestHandshakeAt: null,
        rxBytes: 0,
        txBytes: 0,
        persistentKeepalive: 25,
      },
      {
        publicKey: 'kgeRwSfCpLoYP1ymWtMl64bNQg9cWyOt2mpQ0IBUFhw=',
        presharedKey: null,
        endpoint: null,
        allowedIps: [],
        latestHandshakeAt: null,
        rxBytes: 0,
        txBytes: 0,
        persistentKeepalive: null,
      },
    ]);
  });

  it('reads `wg show all dump` with several interfaces and a hexadecimal fwmark', () => {
    const devices = parseDump(fixture('wg-show-all-dump.txt'), { all: true });
    expect(devices.map((d) => [d.name, d.peers.length, d.fwmark])).toEqual([
      ['wga8029', 3, null],
      ['wgb8029', 1, 0x1234],
    ]);
    expect(devices[1]!.peers[0]).toMatchObject({ endpoint: '192.0.2.1:51820', persistentKeepalive: 25, rxBytes: 92 });
  });

  it('reads an interface without keys or peers', () => {
    expect(parseDump('(none)\t(none)\t44393\toff\n')).toEqual([
      { name: null, privateKey: null, publicKey: null, listenPort: 44393, fwmark: null, peers: [] },
    ]);
  });

  it('refuses lines it does not understand instead of guessing', () => {
    expect(() => parseDump('a\tb\tc\n')).toThrow(/unexpected line/);
    expect(() => parseDump('(none)\t(none)\tx\toff\n')).toThrow(/listen-port is not a number/);
  });
});
