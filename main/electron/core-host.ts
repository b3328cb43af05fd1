import { MessageChannelMain, utilityProcess } from 'electron';
import { OutpostError } from '../contract/index.js';
import { CoreClient } from './core-client.js';
import type { InitMessage } from './core-messages.js';

export interface CoreHost {
  client: CoreClient;
  /** Asks the Core to close its store, then makes sure its process is gone. Idempotent. */
  stop(): Promise<void>;
}

export interface CoreHostOptions {
  entry: string;
  dataDir: string;
  /** Seals the Core's tunnel keys (from safeStorage); absent: the Core uses its key file. */
  tunnelKey?: Buffer | null;
  /** The Core process ended without being asked to (crash, killed). */
  onUnexpectedExit(code: number): void;
}

/** Starts the Core in an Electron utility process and connects to it over a MessagePort. */
export function startCoreProcess(options: CoreHostOptions): CoreHost {
  const child = utilityProcess.fork(options.entry, [], { serviceName: 'Outpost Core', stdio: 'inherit' });
  const { port1, port2 } = new MessageChannelMain();
  const client = new CoreClient(port1);
  port1.start();
  const init: InitMessage = {
    type: 'init',
    dataDir: options.dataDir,
    ...(options.tunnelKey ? { tunnelKey: options.tunnelKey.toString('base64') } : {}),
  };
  child.postMessage(init, [port2]);

  let stopping: Promise<void> | undefined;
  const exited = new Promise<number>((resolve) => child.once('exit', resolve));
  void exited.then((code) => {
    client.fail(new OutpostError('unavailable', 'The Outpost core has stopped. Start Outpost again.').toBody().error);
    port1.close();
    if (!stopping) options.onUnexpectedExit(code);
  });

  return {
    client,
    stop() {
      stopping ??= (async () => {
        await client.close(10_000);
        const gone = await Promise.race([exited.then(() => true), delay(3_000).then(() => false)]);
        if (!gone) child.kill();
      })();
      return stopping;
    },
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
