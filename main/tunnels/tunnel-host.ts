import { existsSync } from 'node:fs';
import { createWireguardHost, hasNetAdmin, type WireguardHost } from '../../native/wireguard/index.js';
import { createHelperHost, DEFAULT_HELPER_SOCKET } from '../tunnel-helper/index.js';
import type { TunnelsConfig } from './tunnels-deps.js';

export type TunnelHostChoice = 'helper' | 'local';

/**
 * Who configures the interfaces: the privileged tunnel helper when `tunnels.helperSocket` names it,
 * or when this process lacks CAP_NET_ADMIN (the desktop app, signed-in user) and the packaged
 * helper's socket is there; this process itself otherwise (`outpost serve` as root or with the
 * capability). Without either, the local host's first command says what to install.
 */
export function chooseTunnelHost(
  config: Pick<TunnelsConfig, 'netns' | 'helperSocket'>,
  version: string,
  probe: { netAdmin: () => boolean; socketExists: (path: string) => boolean } = {
    netAdmin: hasNetAdmin,
    socketExists: existsSync,
  },
): { host: WireguardHost; kind: TunnelHostChoice; socketPath: string | null } {
  const configured = config.helperSocket.trim();
  const socketPath =
    configured || (!probe.netAdmin() && probe.socketExists(DEFAULT_HELPER_SOCKET) ? DEFAULT_HELPER_SOCKET : '');
  if (socketPath) return { host: createHelperHost({ socketPath, version }), kind: 'helper', socketPath };
  return { host: createWireguardHost({ netns: config.netns || undefined }), kind: 'local', socketPath: null };
}
