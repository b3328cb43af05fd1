/**
 * Worker thread entry of the embedding pool (worker-embedder.ts): owns an ONNX Runtime session so
 * inference never blocks the Core's event loop. The pool sends one batch at a time.
 */
import { workerData } from 'node:worker_threads';
import { failPoolWorker, servePoolJobs } from '../worker/index.js';
import type { EmbedJob, EmbedWorkerData, EmbedWorkerInfo } from './embed-messages.js';
import { openEmbedSession, type EmbedSession } from './embed-session.js';

let session: EmbedSession | undefined;
try {
  session = await openEmbedSession(workerData as EmbedWorkerData);
} catch (err) {
  failPoolWorker(err instanceof Error ? err.message : String(err));
}

if (session) {
  const open = session;
  servePoolJobs<EmbedJob, Float32Array>((job) => open.embed(job.texts), {
    info: { dimensions: open.dimensions, modelFile: open.modelFile } satisfies EmbedWorkerInfo,
    transfer: (vectors) => [vectors.buffer as ArrayBuffer],
  });
}
