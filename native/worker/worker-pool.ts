import type { Worker, WorkerOptions } from 'node:worker_threads';
import { FairQueue } from './fair-queue.js';
import { JobPace } from './job-pace.js';
import { startModuleWorker } from './module-worker.js';
import type { FromPoolWorker, ToPoolWorker } from './pool-messages.js';
import {
  PoolClosedError,
  PoolFullError,
  PoolJobError,
  PoolJobTimeoutError,
  PoolWorkerLostError,
} from './pool-errors.js';

export interface WorkerPoolOptions {
  /** What the pool does, for messages and logs ("SVG check"). */
  name: string;
  /** The worker entry beside the caller: `{ baseUrl: import.meta.url, name: 'svg-worker' }` (see startModuleWorker). */
  entry: { baseUrl: string; name: string; options?: WorkerOptions };
  /** Worker threads at most; each starts on first use. */
  size: number;
  /** Jobs one tenant may have waiting; one more is refused (PoolFullError `tenant`). */
  maxWaitingPerTenant: number;
  /** Jobs waiting over all tenants; one more is refused (PoolFullError `pool`). */
  maxWaiting: number;
  /** Longest one job may run, counted from when its worker is ready; the worker is then replaced. None by default. */
  jobTimeoutMs?: number;
  /** One job's time before any has run, for Retry-After (default 1 s); later the recent average. */
  typicalJobMs?: number;
}

export interface WorkerPoolStats {
  threads: number;
  running: number;
  waiting: number;
}

export interface WorkerPool<Job, Result> {
  /**
   * Runs `job` for `tenant` on a worker: at once when a thread is free, else after the jobs ahead of it
   * in the fair queue. Rejects with PoolFullError (not queued), PoolJobTimeoutError, PoolWorkerLostError,
   * PoolJobError or PoolClosedError. `transfer` buffers move to the worker when the job starts.
   */
  run(tenant: string, job: Job, transfer?: ArrayBuffer[]): Promise<Result>;
  /** Starts the first worker (if needed) and resolves with what it said when ready (a model's width…). */
  warm(): Promise<unknown>;
  stats(): WorkerPoolStats;
  /** Fails waiting and running jobs with PoolClosedError and stops the threads. Safe to call twice. */
  close(): Promise<void>;
}

interface Job<J, R> {
  tenant: string;
  job: J;
  transfer: ArrayBuffer[];
  resolve(result: R): void;
  reject(err: Error): void;
}

interface Slot<J, R> {
  worker: Worker | null;
  ready: boolean;
  info: unknown;
  warmers: { resolve(info: unknown): void; reject(err: Error): void }[];
  running: (Job<J, R> & { id: number; timer: NodeJS.Timeout | null; startedAt: number }) | null;
}

/**
 * A bounded pool of worker threads shared by every tenant (DESIGN.md "Quality bars"): jobs wait in a
 * fair queue (fair-queue.ts), a crashed or timed-out worker fails only its own job and is replaced on
 * the next one, and idle workers are unref'd so they never keep the process alive.
 */
export function createWorkerPool<J, R>(options: WorkerPoolOptions): WorkerPool<J, R> {
  const { name } = options;
  const size = Math.max(1, Math.floor(options.size));
  const queue = new FairQueue<Job<J, R>>(options);
  const slots: Slot<J, R>[] = Array.from({ length: size }, () => ({
    worker: null,
    ready: false,
    info: undefined,
    warmers: [],
    running: null,
  }));
  const pace = new JobPace(options.typicalJobMs);
  let nextId = 1;
  let closing: Promise<void> | null = null;

  function start(slot: Slot<J, R>): Worker {
    const worker = startModuleWorker(options.entry.baseUrl, options.entry.name, options.entry.options);
    slot.worker = worker;
    slot.ready = false;
    worker.on('message', (message: FromPoolWorker<R>) => {
      if (slot.worker !== worker) return;
      if (message.type === 'ready') {
        slot.ready = true;
        slot.info = message.info;
        for (const warmer of slot.warmers.splice(0)) warmer.resolve(message.info);
        // Kept referenced while warming, so a caller awaiting warm() keeps the process alive.
        if (!slot.running) worker.unref();
        startClock(slot);
      } else if (message.type === 'failed') {
        lost(slot, worker, new PoolWorkerLostError(name, message.message));
        void worker.terminate();
      } else {
        finish(slot, message);
      }
    });
    // 'error' (an uncaught exception, out of memory) is followed by 'exit'; the first one seen counts.
    worker.on('error', (err) => lost(slot, worker, new PoolWorkerLostError(name, err.message, { cause: err })));
    worker.on('exit', (code) => lost(slot, worker, new PoolWorkerLostError(name, `exit code ${code}`)));
    return worker;
  }

  /** A job's clock starts once its worker is up, so a cold start never counts against it. */
  function startClock(slot: Slot<J, R>): void {
    const running = slot.running;
    if (!running || running.timer || !slot.ready || options.jobTimeoutMs === undefined) return;
    const worker = slot.worker!;
    running.timer = setTimeout(() => {
      if (slot.running !== running) return;
      slot.running = null;
      slot.worker = null;
      void worker.terminate();
      running.reject(new PoolJobTimeoutError(name, options.jobTimeoutMs!));
      dispatch();
    }, options.jobTimeoutMs);
  }

  function lost(slot: Slot<J, R>, worker: Worker, err: Error): void {
    if (slot.worker !== worker) return;
    slot.worker = null;
    slot.ready = false;
    for (const warmer of slot.warmers.splice(0)) warmer.reject(err);
    const running = slot.running;
    slot.running = null;
    if (running) {
      if (running.timer) clearTimeout(running.timer);
      running.reject(err);
    }
    dispatch();
  }

  function finish(slot: Slot<J, R>, message: Extract<FromPoolWorker<R>, { id: number }>): void {
    const running = slot.running;
    if (!running || running.id !== message.id) return;
    slot.running = null;
    if (running.timer) clearTimeout(running.timer);
    pace.record(performance.now() - running.startedAt);
    if (message.type === 'done') running.resolve(message.result);
    else running.reject(new PoolJobError(message.message, message.stack));
    dispatch();
  }

  function begin(slot: Slot<J, R>, job: Job<J, R>): void {
    let worker: Worker;
    try {
      worker = slot.worker ?? start(slot);
    } catch (err) {
      job.reject(new PoolWorkerLostError(name, 'it could not start', { cause: err }));
      return;
    }
    worker.ref();
    slot.running = { ...job, id: nextId++, timer: null, startedAt: performance.now() };
    worker.postMessage({ type: 'job', id: slot.running.id, job: job.job } satisfies ToPoolWorker<J>, job.transfer);
    startClock(slot);
  }

  function dispatch(): void {
    if (closing) return;
    for (const slot of slots) {
      // A worker that cannot start fails its job and leaves the slot free for the next one.
      while (!slot.running) {
        const next = queue.shift();
        if (!next) {
          if (slot.warmers.length === 0) slot.worker?.unref();
          break;
        }
        begin(slot, next.item);
      }
    }
  }

  function retryAfterSeconds(): number {
    const running = slots.filter((s) => s.running).length;
    return pace.retryAfterSeconds(queue.waiting() + running, size);
  }

  return {
    run(tenant, job, transfer = []) {
      if (closing) return Promise.reject(new PoolClosedError(name));
      return new Promise<R>((resolve, reject) => {
        // Through the queue even when a thread is free, so every turn counts for fairness.
        const willWait = queue.waiting() > 0 || slots.every((s) => s.running);
        const overflow = willWait ? queue.wouldOverflow(tenant) : null;
        if (overflow) {
          const waiting = overflow === 'tenant' ? queue.waiting(tenant) : queue.waiting();
          reject(new PoolFullError(name, overflow, waiting, retryAfterSeconds()));
          return;
        }
        queue.push(tenant, { tenant, job, transfer, resolve, reject });
        dispatch();
      });
    },

    warm() {
      if (closing) return Promise.reject(new PoolClosedError(name));
      const slot = slots[0]!;
      if (slot.worker && slot.ready) return Promise.resolve(slot.info);
      return new Promise((resolve, reject) => {
        if (!slot.worker) {
          try {
            start(slot);
          } catch (err) {
            reject(new PoolWorkerLostError(name, 'it could not start', { cause: err }));
            return;
          }
        }
        slot.warmers.push({ resolve, reject });
      });
    },

    stats: () => ({ threads: size, running: slots.filter((s) => s.running).length, waiting: queue.waiting() }),

    close() {
      closing ??= (async () => {
        const closed = new PoolClosedError(name);
        for (const job of queue.drain()) job.reject(closed);
        const workers: Worker[] = [];
        for (const slot of slots) {
          for (const warmer of slot.warmers.splice(0)) warmer.reject(closed);
          if (slot.running) {
            if (slot.running.timer) clearTimeout(slot.running.timer);
            slot.running.reject(closed);
            slot.running = null;
          }
          if (slot.worker) workers.push(slot.worker);
          slot.worker = null;
        }
        await Promise.all(workers.map((worker) => worker.terminate()));
      })();
      return closing;
    },
  };
}
