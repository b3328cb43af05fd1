/**
 * Entry of the Core's Electron utility process. It cannot use `app`, so main sends the data folder
 * in an `init` message over `process.parentPort`, together with the MessagePort every later
 * request travels on. No top-level await: the entry must load under any module loader.
 */
import type { MessageEvent, MessagePortMain } from 'electron';
import { OutpostError } from '../contract/index.js';
import { createCore, createLogger, loadConfig } from '../core/index.js';
import { InitMessage, type CoreReply } from './core-messages.js';
import { createKeySealer } from './key-sealer.js';
import { serveCore } from './core-server.js';
import { startDesktopHttp } from './desktop-http.js';

const parentPort = process.parentPort;

parentPort.once('message', (event: MessageEvent) => {
  void start(event);
});

async function start(event: MessageEvent): Promise<void> {
  const init = InitMessage.safeParse(event.data);
  const port = event.ports[0];
  if (!port) {
    parentPort.postMessage(fatal('The Outpost core was started without a message port. Restart Outpost.'));
    process.exit(1);
  }
  if (!init.success) {
    reply(port, fatal('The Outpost core was started with invalid settings. Restart Outpost.'));
    process.exit(1);
  }
  try {
    const config = loadConfig({ overrides: { dataDir: init.data.dataDir } });
    const logger = createLogger(config);
    // One sealing key from safeStorage seals the tunnels' keys and (through a derived key) the archive keys.
    const sealingKey = init.data.tunnelKey ? new Uint8Array(Buffer.from(init.data.tunnelKey, 'base64')) : undefined;
    const core = await createCore({
      config,
      logger,
      ...(sealingKey ? { tunnelSealingKey: sealingKey, archiveKeySealer: createKeySealer(sealingKey) } : {}),
    });
    const log = logger.child({ module: 'ipc' });
    const http = await startDesktopHttp(core, logger.child({ module: 'http' }));
    serveCore(core, port, {
      beforeClose: async () => http.server?.close(),
      logError: (message, err) => log.error({ err }, message),
      // Give the last reply a moment to leave the port before the process goes.
      onClosed: () => setTimeout(() => process.exit(0), 50),
    });
    reply(port, { type: 'ready', notices: http.notices });
  } catch (err) {
    // Startup failures (invalid settings, a database newer than this program) are the user's to
    // fix, and their messages say how; they are shown as they are.
    const message = err instanceof Error ? err.message : String(err);
    reply(port, fatal(message));
    setTimeout(() => process.exit(1), 50);
  }
}

function reply(port: MessagePortMain, message: CoreReply): void {
  port.postMessage(message);
  port.start();
}

function fatal(message: string): CoreReply {
  return { type: 'fatal', error: new OutpostError('unavailable', message).toBody().error };
}
