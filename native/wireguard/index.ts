/** The door of native/wireguard: keys, `wg` dumps, and the interfaces themselves (kernel or wireguard-go). */
export {
  generateKeyPair,
  generatePresharedKey,
  generatePrivateKey,
  isWireguardKey,
  publicKeyOf,
  sameKey,
} from './wg-keys.js';
export { parseDump, type DumpInterface, type DumpPeer } from './wg-dump.js';
export { renderDeviceConfig, type WgDeviceConfig, type WgPeerConfig } from './wg-conf.js';
export { WireguardToolError, PRIVILEGE_HINT } from './command-runner.js';
export { createWireguardHost, type Implementation, type InterfaceSpec, type WireguardHost } from './wireguard-host.js';
export { renderFirewall, type FirewallSpec } from './nft-firewall.js';
export { hasNetAdmin } from './net-admin.js';
