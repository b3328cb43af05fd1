import { describe, expect, it } from 'vitest';
import { createLogger, loadConfig } from '../core/index.js';
import type { PullChange } from './protocol/index.js';
import { applyPulledTunnel, type SiteTunnels, type TunnelDocBody } from './tunnel-link.js';

/*
 * The site's step after a checkpoint: which pulled tunnel config reaches the tunnels slice. The
 * slice itself is the real one in sync-tunnel.test.ts and real-sync-tunnels.test.ts; here it is a
 * recorder, to see exactly what would be handed to it.
 */

const scope = { tenantId: 't', siteId: 's' };
const log = createLogger(loadConfig({ env: {}, overrides: { log: { level: 'silent' } } }));
const CONFIG = '[Interface]\nPrivateKey = x\n';

function recorder(): SiteTunnels & { applied: TunnelDocBody[] } {
  const applied: TunnelDocBody[] = [];
  return {
    applied,
    applySiteConfig: (_scope, doc) => {
      applied.push(doc);
      return Promise.resolve({ running: true, problem: null });
    },
    tunnelProblem: () => null,
  };
}

const change = (seq: number, body: unknown, kind: PullChange['kind'] = 'tunnel'): PullChange => ({
  seq,
  kind,
  docId: 'peer',
  version: seq,
  readOnly: true,
  fromSite: false,
  body,
});

describe('applying a pulled tunnel config on a site', () => {
  it('applies only the newest config of a checkpoint', async () => {
    const tunnels = recorder();
    await applyPulledTunnel(
      tunnels,
      scope,
      [
        change(1, { config: `${CONFIG}# old`, interfaceName: 'wg0' }),
        change(2, { sha: 1 }, 'releasePointer'),
        change(3, { config: CONFIG, interfaceName: 'wg0' }),
      ],
      log,
    );
    expect(tunnels.applied).toEqual([{ config: CONFIG, interfaceName: 'wg0' }]);
  });

  it('does nothing for a checkpoint without one, or a config gone (null)', async () => {
    const tunnels = recorder();
    await applyPulledTunnel(tunnels, scope, [change(1, null), change(2, { version: 3 }, 'releasePointer')], log);
    expect(tunnels.applied).toEqual([]);
  });

  it.each([
    ['an interface name that is a path', { config: CONFIG, interfaceName: '../../etc' }],
    ['an extra field', { config: CONFIG, interfaceName: 'wg0', preUp: 'id' }],
    ['no config', { interfaceName: 'wg0' }],
  ])('refuses %s and hands nothing on', async (_what, body) => {
    const tunnels = recorder();
    await expect(applyPulledTunnel(tunnels, scope, [change(1, body)], log)).rejects.toThrow();
    expect(tunnels.applied).toEqual([]);
  });
});
