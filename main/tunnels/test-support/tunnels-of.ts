import type { Core } from '../../core/index.js';
import type { TunnelRoutes } from '../link-route.js';
import type { TunnelsService } from '../tunnels-service.js';

/** The tunnels service a Core runs, for tests that call it without HTTP. */
export function tunnelsOf(core: Core): TunnelsService {
  const routes = core.routes?.find((r): r is TunnelRoutes => 'tunnels' in r);
  if (!routes) throw new Error('This Core has no tunnel routes.');
  return routes.tunnels;
}
