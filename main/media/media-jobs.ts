import { PoolClosedError, PoolFullError } from '../../native/worker/index.js';
import { OutpostError } from '../contract/index.js';

/**
 * Runs one ffmpeg or ffprobe task for a tenant on the shared fair pool (native/worker createTaskPool,
 * `workers.ffmpeg`): bounded per tenant and in all, so one tenant's backlog of clips never delays another's
 * by more than the runs already going. The task gets a signal that stops its process when the Core closes.
 */
export type JobRunner = <T>(tenantId: string, task: (signal: AbortSignal) => Promise<T>) => Promise<T>;

/** Whether a job was not run at all (the pool was full or closing): the work is still to do. */
export function notRun(err: unknown): boolean {
  return err instanceof PoolFullError || err instanceof PoolClosedError;
}

/**
 * A media file refused because the shared pools are full: 429 (this tenant has too many waiting) or 503
 * (everyone's are), with the time to try again. Nothing was stored.
 */
export function busyError(err: PoolFullError | PoolClosedError, kind: 'snapshot' | 'clip'): OutpostError {
  if (err instanceof PoolClosedError) {
    return new OutpostError('unavailable', 'Outpost is shutting down. Send the file again once it has restarted.', {
      cause: err,
    });
  }
  const retryAfterSeconds = err.retryAfterSeconds;
  return err.scope === 'tenant'
    ? new OutpostError(
        'rate_limited',
        `Your organisation already has ${err.waiting} media files waiting to be checked. Send this ${kind} again in about ${retryAfterSeconds} s.`,
        { retryAfterSeconds },
      )
    : new OutpostError(
        'unavailable',
        `Outpost is checking as many media files as it can hold right now. Send this ${kind} again in about ${retryAfterSeconds} s.`,
        { retryAfterSeconds },
      );
}
