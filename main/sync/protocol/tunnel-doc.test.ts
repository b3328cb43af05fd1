import { describe, expect, it } from 'vitest';
import { EnrolAnswer, parseDocBody, PullChange, TunnelDoc } from './index.js';

const CONFIG = '[Interface]\nPrivateKey = x\n\n[Peer]\nPublicKey = y\n';

describe('the tunnel document a site pulls', () => {
  it('takes a config and an interface name', () => {
    expect(parseDocBody('tunnel', { config: CONFIG, interfaceName: 'op4f2k9x1a' })).toEqual({
      config: CONFIG,
      interfaceName: 'op4f2k9x1a',
    });
    expect(parseDocBody('tunnel', null)).toBeNull();
  });

  it.each([
    ['a path for a name', { config: CONFIG, interfaceName: '../etc' }],
    ['a name too long for the kernel', { config: CONFIG, interfaceName: 'a'.repeat(16) }],
    ['a name with a space', { config: CONFIG, interfaceName: 'wg 0' }],
    ['an empty name', { config: CONFIG, interfaceName: '' }],
    ['an empty config', { config: '', interfaceName: 'wg0' }],
    ['a config over 64 KiB', { config: 'x'.repeat(64 * 1024 + 1), interfaceName: 'wg0' }],
    ['a field it does not know', { config: CONFIG, interfaceName: 'wg0', postUp: 'rm -rf /' }],
    ['a missing config', { interfaceName: 'wg0' }],
    ['a number for a config', { config: 42, interfaceName: 'wg0' }],
    ['a list', [CONFIG]],
    ['a string', CONFIG],
  ])('refuses %s', (_what, body) => {
    expect(() => parseDocBody('tunnel', body)).toThrow();
    expect(TunnelDoc.safeParse(body).success).toBe(false);
  });

  it('is a change a pull may carry, read-only for the site', () => {
    const change = PullChange.parse({
      seq: 3,
      kind: 'tunnel',
      docId: 'peer',
      version: 2,
      readOnly: true,
      fromSite: false,
      body: { config: CONFIG, interfaceName: 'wg0' },
    });
    expect(change.kind).toBe('tunnel');
  });
});

describe('the tunnel in an enrolment answer', () => {
  const answer = (tunnel: unknown) => ({
    hubId: 'hub',
    siteId: '01J0000000000000000000000A',
    siteName: 'North',
    credential: 'c'.repeat(40),
    tunnel,
    hello: {},
  });
  const tunnelOf = (tunnel: unknown) => EnrolAnswer.shape.tunnel.safeParse(answer(tunnel).tunnel);

  it('carries the sync address on the tunnel, or none', () => {
    expect(tunnelOf({ config: CONFIG, interfaceName: 'wg0', syncUrl: 'http://198.18.0.1:8080' }).success).toBe(true);
    expect(tunnelOf({ config: CONFIG, interfaceName: 'wg0', syncUrl: null }).success).toBe(true);
    expect(tunnelOf(null).success).toBe(true);
  });

  it.each([
    ['a file: URL', 'file:///etc/passwd'],
    ['a JavaScript URL', 'javascript:alert(1)'],
    ['no URL', 'not a url'],
  ])('refuses %s as the sync address', (_what, syncUrl) => {
    expect(tunnelOf({ config: CONFIG, interfaceName: 'wg0', syncUrl }).success).toBe(false);
  });

  it('refuses a poisoned interface name there too', () => {
    expect(tunnelOf({ config: CONFIG, interfaceName: 'eth0;reboot', syncUrl: null }).success).toBe(false);
  });
});
