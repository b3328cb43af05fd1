/**
 * Worker threads (DESIGN.md "Process model"): the one place that starts them. A module keeps its worker
 * entry beside its own code and starts it with startModuleWorker(import.meta.url, '<entry name>'), or, for
 * work that tenants share (SVG checks, embeddings), runs it on a createWorkerPool: bounded, fair between
 * tenants, and answering "full" (PoolFullError) instead of queueing without end. Shared work that is not a
 * thread (outside processes such as ffmpeg) waits in a createTaskPool, under the same rules.
 */
export { startModuleWorker } from './module-worker.js';
export { createWorkerPool, type WorkerPool, type WorkerPoolOptions, type WorkerPoolStats } from './worker-pool.js';
export { FairQueue, type FairQueueLimits } from './fair-queue.js';
export { createTaskPool, type TaskPool, type TaskPoolOptions, type TaskPoolStats } from './task-pool.js';
export { servePoolJobs, failPoolWorker, type ServeOptions } from './pool-messages.js';
export {
  PoolClosedError,
  PoolFullError,
  PoolJobError,
  PoolJobTimeoutError,
  PoolWorkerLostError,
} from './pool-errors.js';
// Re-exported so callers can type the thread they hold without importing worker_threads' constructor.
export type { Worker, WorkerOptions } from 'node:worker_threads';
