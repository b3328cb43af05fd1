/** Weight of the newest job in the average job time. */
const AVERAGE_WEIGHT = 0.2;

/**
 * A pool's recent pace (a moving average of job times), for the Retry-After of a refusal: how long until
 * the jobs ahead have run on `size` slots, between 1 s and 5 min.
 */
export class JobPace {
  private averageMs: number;

  constructor(typicalJobMs = 1_000) {
    this.averageMs = typicalJobMs;
  }

  record(ms: number): void {
    this.averageMs += AVERAGE_WEIGHT * (ms - this.averageMs);
  }

  retryAfterSeconds(jobsAhead: number, size: number): number {
    const seconds = (jobsAhead * this.averageMs) / size / 1000;
    return Math.min(300, Math.max(1, Math.ceil(seconds)));
  }
}
