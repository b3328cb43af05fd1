import { describe, expect, it } from 'vitest';
import { chooseTunnelHost } from './tunnel-host.js';

const probe = (netAdmin: boolean, socketExists: boolean) => ({
  netAdmin: () => netAdmin,
  socketExists: () => socketExists,
});

describe('chooseTunnelHost', () => {
  it('uses the helper named in tunnels.helperSocket, whatever the privileges', () => {
    const choice = chooseTunnelHost({ netns: 'x', helperSocket: '/run/x/helper.sock' }, '1.0.0', probe(true, false));
    expect(choice).toMatchObject({ kind: 'helper', socketPath: '/run/x/helper.sock' });
  });

  it('uses the packaged helper when the Core lacks CAP_NET_ADMIN and its socket is there', () => {
    const choice = chooseTunnelHost({ netns: '', helperSocket: '' }, '1.0.0', probe(false, true));
    expect(choice).toMatchObject({ kind: 'helper', socketPath: '/run/outpost/tunnel-helper.sock' });
  });

  it('configures interfaces itself with the capability, or without a helper to ask', () => {
    const root = chooseTunnelHost({ netns: 'ns1', helperSocket: '' }, '1.0.0', probe(true, true));
    expect(root).toMatchObject({ kind: 'local', socketPath: null });
    expect(root.host.netns).toBe('ns1');
    expect(chooseTunnelHost({ netns: '', helperSocket: '' }, '1.0.0', probe(false, false)).kind).toBe('local');
  });
});
