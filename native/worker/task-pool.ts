import { FairQueue } from './fair-queue.js';
import { JobPace } from './job-pace.js';
import { PoolClosedError, PoolFullError } from './pool-errors.js';

export interface TaskPoolOptions {
  /** What the pool does, for messages and logs ("ffmpeg"). */
  name: string;
  /** Tasks running at once (for ffmpeg: processes). */
  size: number;
  /** Tasks one tenant may have waiting; one more is refused (PoolFullError `tenant`). */
  maxWaitingPerTenant: number;
  /** Tasks waiting over all tenants; one more is refused (PoolFullError `pool`). */
  maxWaiting: number;
  /** One task's time before any has run, for Retry-After (default 1 s); later the recent average. */
  typicalJobMs?: number;
}

export interface TaskPoolStats {
  size: number;
  running: number;
  waiting: number;
}

export interface TaskPool {
  /**
   * Runs `task` for `tenant` once a slot is free and the fair queue reaches it. Rejects with PoolFullError
   * (not queued), PoolClosedError (closed while it waited), or whatever the task threw. The task gets a
   * signal that aborts when the pool closes, to stop the process it runs.
   */
  run<T>(tenant: string, task: (signal: AbortSignal) => Promise<T>): Promise<T>;
  stats(): TaskPoolStats;
  /** Fails waiting tasks with PoolClosedError, aborts running ones and waits for them to settle. Safe to call twice. */
  close(): Promise<void>;
}

interface Waiting {
  start(): void;
  fail(err: Error): void;
}

/**
 * The worker pool's queue for work that is not a JavaScript thread: tasks that each run an outside
 * process (ffmpeg, ffprobe) or other async work that must be bounded. Same rules as createWorkerPool (one
 * FIFO per tenant, the least recently served tenant next, bounded per tenant and in all, a refusal with a
 * time to retry instead of an endless queue), so one tenant's thousand clips never hold up another's
 * snapshot by more than the tasks already running.
 */
export function createTaskPool(options: TaskPoolOptions): TaskPool {
  const { name } = options;
  const size = Math.max(1, Math.floor(options.size));
  const queue = new FairQueue<Waiting>(options);
  const pace = new JobPace(options.typicalJobMs);
  const closing = new AbortController();
  const settling = new Set<Promise<unknown>>();
  let running = 0;
  let closed: Promise<void> | null = null;

  function dispatch(): void {
    while (running < size && !closing.signal.aborted) {
      const next = queue.shift();
      if (!next) return;
      next.item.start();
    }
  }

  return {
    run<T>(tenant: string, task: (signal: AbortSignal) => Promise<T>): Promise<T> {
      if (closing.signal.aborted) return Promise.reject(new PoolClosedError(name));
      return new Promise<T>((resolve, reject) => {
        // Through the queue even when a slot is free, so every turn counts for fairness.
        const overflow = queue.waiting() > 0 || running >= size ? queue.wouldOverflow(tenant) : null;
        if (overflow) {
          const waiting = overflow === 'tenant' ? queue.waiting(tenant) : queue.waiting();
          reject(new PoolFullError(name, overflow, waiting, pace.retryAfterSeconds(queue.waiting() + running, size)));
          return;
        }
        queue.push(tenant, {
          start() {
            running++;
            const startedAt = performance.now();
            const settled = (async () => task(closing.signal))().then(resolve, reject);
            settling.add(settled);
            void settled.finally(() => {
              settling.delete(settled);
              running--;
              pace.record(performance.now() - startedAt);
              dispatch();
            });
          },
          fail: reject,
        });
        dispatch();
      });
    },

    stats: () => ({ size, running, waiting: queue.waiting() }),

    close() {
      closed ??= (async () => {
        closing.abort(new PoolClosedError(name));
        const err = new PoolClosedError(name);
        for (const waiting of queue.drain()) waiting.fail(err);
        await Promise.all([...settling]);
      })();
      return closed;
    },
  };
}
