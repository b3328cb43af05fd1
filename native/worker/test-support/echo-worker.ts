/**
 * A pool worker for native/worker's tests: answers each job with its label after spinning the CPU for
 * `ms` (as an SVG check does), or crashes, hangs or throws when the job asks it to.
 */
import { servePoolJobs } from '../pool-messages.js';

export interface EchoJob {
  label: string;
  ms?: number;
  crash?: boolean;
  hang?: boolean;
  fail?: string;
}

servePoolJobs<EchoJob, string>(
  (job) => {
    if (job.crash) process.exit(3);
    if (job.fail !== undefined) throw new Error(job.fail);
    const until = Date.now() + (job.hang ? Number.POSITIVE_INFINITY : (job.ms ?? 0));
    while (Date.now() < until) {
      // busy, like jsdom on a big drawing
    }
    return job.label;
  },
  { info: { kind: 'echo' } },
);
