/**
 * How a shared worker pool refuses or loses a job. native/ knows nothing of the API's error codes; the
 * slice that owns the pool turns these into its own errors (a full pool becomes 429 or 503 with
 * Retry-After).
 */

/** The job was not queued: its tenant has too many waiting (`tenant`) or the pool is full (`pool`). */
export class PoolFullError extends Error {
  constructor(
    readonly pool: string,
    readonly scope: 'tenant' | 'pool',
    /** Jobs already waiting (the tenant's, or all of them). */
    readonly waiting: number,
    /** When asking again is worth it, by the pool's recent pace. */
    readonly retryAfterSeconds: number,
  ) {
    super(
      scope === 'tenant'
        ? `${pool}: this tenant already has ${waiting} jobs waiting; try again in ${retryAfterSeconds} s.`
        : `${pool}: ${waiting} jobs are waiting, the most the pool holds; try again in ${retryAfterSeconds} s.`,
    );
    this.name = 'PoolFullError';
  }
}

/** The pool is closing or closed. */
export class PoolClosedError extends Error {
  constructor(pool: string) {
    super(`${pool}: the worker pool is closed.`);
    this.name = 'PoolClosedError';
  }
}

/** The job ran past the pool's time limit; its worker was stopped (and is replaced for the next job). */
export class PoolJobTimeoutError extends Error {
  constructor(
    pool: string,
    readonly timeoutMs: number,
  ) {
    super(`${pool}: the job ran for more than ${timeoutMs} ms and was stopped.`);
    this.name = 'PoolJobTimeoutError';
  }
}

/** The worker running the job crashed, exited or could not start; the next job gets a new one. */
export class PoolWorkerLostError extends Error {
  constructor(pool: string, reason: string, options?: ErrorOptions) {
    super(`${pool}: the worker thread stopped (${reason}).`, options);
    this.name = 'PoolWorkerLostError';
  }
}

/** The job's handler threw inside the worker; `stack` is the worker's, for the server log. */
export class PoolJobError extends Error {
  constructor(message: string, stack: string | undefined) {
    super(message);
    this.name = 'PoolJobError';
    if (stack !== undefined) this.stack = stack;
  }
}
