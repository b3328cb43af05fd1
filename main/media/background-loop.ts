import type { MediaLog } from './media-log.js';

export interface BackgroundLoop {
  /** Runs the task soon (at once when idle; right after the current run otherwise). */
  wake(): void;
  /** Waits for the current run and stops the timer. */
  stop(): Promise<void>;
}

/**
 * Runs `task` every `intervalMs` and on `wake`, never two runs at once. A failing run is logged
 * and the next one runs on time: one broken disk or peer never stops the job for good.
 */
export function startLoop(
  name: string,
  intervalMs: number,
  task: () => Promise<unknown>,
  log: MediaLog,
): BackgroundLoop {
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  function run(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = task()
      .then(
        () => undefined,
        (err: unknown) =>
          log.error({ job: name, error: err instanceof Error ? err.message : String(err) }, 'media job failed'),
      )
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          run();
        }
      });
  }

  const timer = setInterval(run, intervalMs);
  timer.unref();
  return {
    wake: run,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
