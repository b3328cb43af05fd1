/**
 * The device configuration `wg setconf` / `wg syncconf` read (wg(8) "CONFIGURATION FILE FORMAT"):
 * only what the WireGuard device itself holds. Addresses, DNS and routes are wg-quick's and are set
 * with `ip` instead.
 */

export interface WgPeerConfig {
  publicKey: string;
  presharedKey?: string | null;
  /** `host:port`; IPv6 hosts in brackets. */
  endpoint?: string | null;
  allowedIps: readonly string[];
  persistentKeepalive?: number | null;
}

export interface WgDeviceConfig {
  privateKey: string;
  listenPort?: number | null;
  fwmark?: number | null;
  peers: readonly WgPeerConfig[];
}

// Values end up in a line-based file: a newline or `=` smuggled into one would add settings.
function clean(value: string, what: string): string {
  if (!/^[A-Za-z0-9+/=.:[\]%_,-]+$/.test(value)) throw new Error(`The ${what} holds characters wg does not accept.`);
  return value;
}

export function renderDeviceConfig(config: WgDeviceConfig): string {
  const lines = ['[Interface]', `PrivateKey = ${clean(config.privateKey, 'private key')}`];
  if (config.listenPort != null) lines.push(`ListenPort = ${config.listenPort}`);
  if (config.fwmark != null) lines.push(`FwMark = ${config.fwmark}`);
  for (const peer of config.peers) {
    lines.push('', '[Peer]', `PublicKey = ${clean(peer.publicKey, 'public key')}`);
    if (peer.presharedKey) lines.push(`PresharedKey = ${clean(peer.presharedKey, 'preshared key')}`);
    if (peer.endpoint) lines.push(`Endpoint = ${clean(peer.endpoint, 'endpoint')}`);
    if (peer.allowedIps.length > 0) {
      lines.push(`AllowedIPs = ${peer.allowedIps.map((ip) => clean(ip, 'allowed IP')).join(', ')}`);
    }
    if (peer.persistentKeepalive) lines.push(`PersistentKeepalive = ${peer.persistentKeepalive}`);
  }
  return `${lines.join('\n')}\n`;
}
