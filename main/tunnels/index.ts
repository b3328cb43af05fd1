/** The door of the tunnels slice (WireGuard between sites and the hub). */
export { createTunnelsService, type TunnelsService } from './tunnels-service.js';
export { tunnelsHandlers } from './handlers.js';
export { tunnelRoutes } from './link-route.js';
export { createTunnelMetrics } from './tunnel-metrics.js';
export { createSecretBox, loadFileSealingKey, tunnelKeyPath, type SecretBox } from './secret-box.js';
export type { TunnelAlerts, TunnelsConfig, TunnelsDeps } from './tunnels-deps.js';
export { parseWgQuick, renderWgQuick, type WgQuickConfig } from './wg-quick.js';
export { createSyncTunnels, type SiteTunnelDoc, type SiteTunnelState, type SyncTunnels } from './sync-link.js';
export { chooseTunnelHost, type TunnelHostChoice } from './tunnel-host.js';
