/**
 * Runs CPU-heavy media work (ffmpeg) with bounded concurrency, fair between tenants: each tenant
 * has its own queue and free slots go round-robin, so one tenant's backlog of a thousand clips
 * never delays another's single snapshot by more than one job per slot.
 *
 * The Core's shared pool (native/worker, issue 8) replaces this default when it lands: the media
 * slice only sees `JobRunner`.
 */
export type JobRunner = <T>(tenantId: string, job: () => Promise<T>) => Promise<T>;

export interface FairJobPool {
  run: JobRunner;
  /** Jobs waiting (not running), all tenants. */
  readonly waiting: number;
}

interface Waiting {
  start(): void;
}

export function createFairJobPool(concurrency: number): FairJobPool {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error('The job pool needs at least one slot.');
  const queues = new Map<string, Waiting[]>();
  let running = 0;
  let waiting = 0;

  function next(): void {
    while (running < concurrency && queues.size > 0) {
      // Map order is insertion order: the first tenant takes a job and goes to the back of the line.
      const [tenantId, queue] = queues.entries().next().value as [string, Waiting[]];
      queues.delete(tenantId);
      const job = queue.shift()!;
      if (queue.length > 0) queues.set(tenantId, queue);
      waiting--;
      running++;
      job.start();
    }
  }

  return {
    get waiting() {
      return waiting;
    },
    run<T>(tenantId: string, job: () => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const entry: Waiting = {
          start() {
            job()
              .then(resolve, reject)
              .finally(() => {
                running--;
                next();
              });
          },
        };
        const queue = queues.get(tenantId);
        if (queue) queue.push(entry);
        else queues.set(tenantId, [entry]);
        waiting++;
        next();
      });
    },
  };
}
