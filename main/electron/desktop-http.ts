import type { Core, Logger } from '../core/index.js';
import { startServer, type RunningServer } from '../server/index.js';

export interface DesktopHttp {
  /** The running server, or null when it is off or could not start. */
  server: RunningServer | null;
  /** What the user should be told (shown as a desktop notification by main). */
  notices: string[];
}

/**
 * The desktop app's optional HTTP server (`desktop.httpServer`): the same server `outpost serve` runs, so
 * webhooks, wall boards and a browser on another machine reach this workstation. A port already taken
 * must not keep the window from working, so a failure becomes a notice and the app goes on without it.
 */
export async function startDesktopHttp(core: Core, logger: Logger): Promise<DesktopHttp> {
  if (!core.config.desktop.httpServer) return { server: null, notices: [] };
  try {
    const server = await startServer(core, { logger });
    logger.info({ url: server.url }, 'HTTP server listening');
    return { server, notices: [] };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    logger.warn({ err }, 'HTTP server did not start');
    return {
      server: null,
      notices: [
        `Outpost's HTTP server did not start, so webhooks and wall boards cannot reach this computer: ${reason} ` +
          'Change server.port (or server.host) in config.json in the data folder and restart Outpost.',
      ],
    };
  }
}
