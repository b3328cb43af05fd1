/**
 * The door of the tunnel helper: the small root process that does the WireguardHost operations for
 * a desktop app without CAP_NET_ADMIN (the server side), and the WireguardHost that talks to it.
 */
export { startTunnelHelper, type HelperLog, type TunnelHelper, type TunnelHelperOptions } from './helper-server.js';
export {
  createHelperHost,
  DEFAULT_HELPER_GROUP,
  DEFAULT_HELPER_SOCKET,
  type HelperHostOptions,
} from './helper-client.js';
export { PROTOCOL_VERSION } from './helper-protocol.js';
export { groupId } from './group-id.js';
