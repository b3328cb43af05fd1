import { describe, expect, it } from 'vitest';
import { generateKeyPair, generatePresharedKey } from '../../native/wireguard/index.js';
import { parseWgQuick, renderWgQuick, type WgQuickConfig } from './wg-quick.js';

const hub = generateKeyPair();
const site = generateKeyPair();

const sample: WgQuickConfig = {
  interface: {
    privateKey: site.privateKey,
    addresses: ['198.18.0.2/32', 'fd00:5::2/128'],
    dns: ['198.18.0.1'],
    mtu: 1380,
    listenPort: null,
  },
  peers: [
    {
      name: 'hub',
      publicKey: hub.publicKey,
      presharedKey: generatePresharedKey(),
      endpoint: 'hub.example.net:51820',
      allowedIps: ['198.18.0.1/32', 'fd00:5::1/128'],
      persistentKeepalive: 25,
    },
  ],
};

describe('wg-quick files', () => {
  it('round-trips what it renders', () => {
    expect(parseWgQuick(renderWgQuick(sample, 'Outpost tunnel for Depot 4'))).toEqual(sample);
  });

  it('reads a file written by hand or by another manager (comments, case, CRLF, ignored keys)', () => {
    const text = [
      '# written by wg-easy',
      '[Interface]',
      `privatekey = ${site.privateKey}   # the site`,
      'Address = 10.8.0.5/24, fd42::5/64',
      'DNS = 1.1.1.1',
      'Table = off',
      '',
      '# Name = Main office',
      '[Peer]',
      `PublicKey = ${hub.publicKey}`,
      'AllowedIPs = 10.8.0.1/32',
      'Endpoint = [2001:db8::1]:51820',
      'PersistentKeepalive = off',
    ].join('\r\n');
    const parsed = parseWgQuick(text);
    expect(parsed.interface.addresses).toEqual(['10.8.0.5/24', 'fd42::5/64']);
    expect(parsed.peers[0]).toMatchObject({
      name: 'Main office',
      endpoint: '[2001:db8::1]:51820',
      persistentKeepalive: null,
    });
  });

  it('refuses shell hooks, bad keys and bad addresses, naming the lines', () => {
    const text = [
      '[Interface]',
      'PrivateKey = not-a-key',
      'Address = 10.8.0.300/24',
      'PostUp = iptables -A FORWARD -j ACCEPT',
      '[Peer]',
      'AllowedIPs = 10.8.0.1/32',
    ].join('\n');
    let message = '';
    try {
      parseWgQuick(text);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/line 2: PrivateKey is not a WireGuard key/);
    expect(message).toMatch(/line 3: 10\.8\.0\.300\/24 is not an IP address/);
    expect(message).toMatch(/line 4: PostUp runs shell commands/);
    expect(message).toMatch(/\[Peer\] number 1 has no PublicKey/);
  });

  it('refuses a file without exactly one [Interface]', () => {
    expect(() => parseWgQuick(`[Peer]\nPublicKey = ${hub.publicKey}\n`)).toThrow(/exactly one \[Interface\]/);
  });
});
