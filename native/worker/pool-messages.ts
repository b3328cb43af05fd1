import { parentPort } from 'node:worker_threads';

/** Messages between a worker pool (worker-pool.ts) and its worker threads. */
export type ToPoolWorker<Job> = { type: 'job'; id: number; job: Job };

export type FromPoolWorker<Result> =
  /** Loaded and warm: the first job's clock starts now. `info` says what it loaded (a model's width…). */
  | { type: 'ready'; info?: unknown }
  /** Could not start (a model that does not load); the thread exits. */
  | { type: 'failed'; message: string }
  | { type: 'done'; id: number; result: Result }
  | { type: 'error'; id: number; message: string; stack?: string };

export interface ServeOptions<Result> {
  /** Sent with the ready message (see `WorkerPool.warm`). */
  info?: unknown;
  /** Buffers of the result to move rather than copy (vectors). */
  transfer?: (result: Result) => ArrayBuffer[];
}

/**
 * The worker side of a pool, called by a worker entry once it is warm: answers each job (the pool sends
 * one at a time) with the handler's result, or its error's message and stack.
 */
export function servePoolJobs<Job, Result>(
  handle: (job: Job) => Result | Promise<Result>,
  options: ServeOptions<Result> = {},
): void {
  const port = parentPort;
  if (!port) throw new Error('servePoolJobs runs only in a worker thread.');
  const send = (message: FromPoolWorker<Result>, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  port.on('message', (message: ToPoolWorker<Job>) => {
    if (message.type !== 'job') return;
    void (async () => {
      try {
        const result = await handle(message.job);
        send({ type: 'done', id: message.id, result }, options.transfer?.(result) ?? []);
      } catch (err) {
        const error = err instanceof Error ? err : new Error(String(err));
        send({ type: 'error', id: message.id, message: error.message, ...(error.stack ? { stack: error.stack } : {}) });
      }
    })();
  });
  send({ type: 'ready', ...(options.info === undefined ? {} : { info: options.info }) });
}

/** A worker entry that cannot start (its model does not load) says why; the pool fails the waiting job. */
export function failPoolWorker(message: string): void {
  parentPort?.postMessage({ type: 'failed', message } satisfies FromPoolWorker<never>);
}
