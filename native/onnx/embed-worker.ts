/**
 * Worker thread entry: owns the ONNX Runtime session so inference never blocks the Core's event loop.
 * Requests are handled one at a time; the main thread batches them (worker-embedder.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { EmbedWorkerData, FromWorker, ToWorker } from './embed-messages.js';
import { openEmbedSession, type EmbedSession } from './embed-session.js';

const port = parentPort;
if (!port) throw new Error('embed-worker.ts runs only as a worker thread.');

function send(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(message, transfer);
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

let session: EmbedSession;
try {
  session = await openEmbedSession(workerData as EmbedWorkerData);
  send({ type: 'ready', dimensions: session.dimensions, modelFile: session.modelFile });
} catch (err) {
  send({ type: 'failed', message: describe(err) });
  port.close();
  process.exit(0);
}

let queue = Promise.resolve();
port.on('message', (message: ToWorker) => {
  queue = queue.then(async () => {
    if (message.type === 'close') {
      await session.close();
      send({ type: 'closed' });
      port.close();
      return;
    }
    try {
      const vectors = await session.embed(message.texts);
      send({ type: 'result', id: message.id, vectors }, [vectors.buffer as ArrayBuffer]);
    } catch (err) {
      send({ type: 'error', id: message.id, message: describe(err) });
    }
  });
});
