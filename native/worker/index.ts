/**
 * Worker threads (DESIGN.md "Process model"): the one place that starts them. A module keeps its worker
 * entry beside its own code and starts it with startModuleWorker(import.meta.url, '<entry name>').
 */
export { startModuleWorker } from './module-worker.js';
// Re-exported so callers can type the thread they hold without importing worker_threads' constructor.
export type { Worker, WorkerOptions } from 'node:worker_threads';
