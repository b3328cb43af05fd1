import { TimeoutStrategy, timeout } from 'cockatiel';
import type { SourceResilience } from './source-policies.js';
import type { RunningSource, SourceAdapter, SourceContext } from './source-types.js';

export interface RunnerInput<C> {
  adapter: SourceAdapter<C>;
  /** `ctx.signal` aborts when the supervisor stops the source. */
  ctx: SourceContext<C>;
  resilience: SourceResilience;
  budget: number;
  /** Bound on one poll or one start attempt. */
  timeoutMs: number;
  defaultIntervalMs: number;
}

export interface Runner {
  /** Settles after the first attempt (success or recorded failure). */
  ready: Promise<void>;
  /** Call after aborting ctx.signal: clears timers and waits for the attempt in flight. */
  stop(): Promise<void>;
}

/**
 * Each source gets its own timer chain, so a slow or hung source only ever delays itself:
 * a poll is raced against its timeout (cockatiel's aggressive strategy abandons it and aborts
 * its signal), the breaker counts the failure, and the next poll is scheduled on the backoff.
 */
export function runPullSource<C>(input: RunnerInput<C>): Runner {
  const { adapter, ctx, resilience } = input;
  const poll = adapter.poll?.bind(adapter);
  if (!poll) throw new Error(`${adapter.kind} has no poll()`);
  // abortOnReturn: false — a poll's signal means "stopped or abandoned", never "this poll finished".
  const pollTimeout = timeout(input.timeoutMs, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false });
  const intervalMs = adapter.pollIntervalMs?.(ctx.config) ?? input.defaultIntervalMs;
  let timer: NodeJS.Timeout | undefined;
  let inflight: Promise<void> = Promise.resolve();

  const cycle = async (): Promise<void> => {
    let delay: number;
    try {
      const result = await resilience.breaker.execute(() =>
        // ctx.signal as the parent: stopping abandons a hung poll at once instead of at its timeout.
        pollTimeout.execute(
          ({ signal }) => poll({ ...ctx, signal: AbortSignal.any([ctx.signal, signal]) }, input.budget),
          ctx.signal,
        ),
      );
      resilience.succeeded();
      // More rows waiting: go again at once, but through the timer queue so other sources interleave.
      delay = result.more ? 0 : intervalMs;
    } catch (err) {
      if (ctx.signal.aborted) return;
      delay = resilience.failed(err, `The poll did not finish within ${input.timeoutMs} ms and was abandoned.`);
      ctx.logger.warn({ sourceId: ctx.sourceId, retryInMs: delay, error: String(err) }, 'source poll failed');
    }
    schedule(delay);
  };
  const schedule = (delay: number): void => {
    if (ctx.signal.aborted) return;
    timer = setTimeout(() => {
      inflight = cycle();
    }, delay);
  };

  inflight = cycle();
  return {
    ready: inflight,
    async stop() {
      clearTimeout(timer);
      await inflight;
    },
  };
}

/** Push sources: `start` is retried with the same backoff and breaker until it succeeds. */
export function runPushSource<C>(input: RunnerInput<C>): Runner {
  const { adapter, ctx, resilience } = input;
  const start = adapter.start?.bind(adapter);
  if (!start) throw new Error(`${adapter.kind} has no start()`);
  // abortOnReturn: false — the attempt's signal is the running source's signal after a success.
  const startTimeout = timeout(input.timeoutMs, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false });
  let timer: NodeJS.Timeout | undefined;
  let running: RunningSource | undefined;
  let inflight: Promise<void> = Promise.resolve();

  const startOnce = (attemptSignal: AbortSignal): Promise<RunningSource> =>
    startTimeout.execute(async ({ signal: timeoutSignal }) => {
      const signal = AbortSignal.any([attemptSignal, timeoutSignal]);
      const handle = await start({ ...ctx, signal });
      // Abandoned by the timeout or stopped meanwhile: nobody will ever stop it but us.
      if (signal.aborted) {
        await handle.stop().catch(() => undefined);
        throw new Error('The source was stopped while starting.');
      }
      return handle;
    }, attemptSignal);

  const attempt = async (): Promise<void> => {
    try {
      running = await resilience.breaker.execute(() => startOnce(ctx.signal));
      resilience.succeeded();
    } catch (err) {
      if (ctx.signal.aborted) return;
      const delay = resilience.failed(err, `Starting did not finish within ${input.timeoutMs} ms and was abandoned.`);
      ctx.logger.warn({ sourceId: ctx.sourceId, retryInMs: delay, error: String(err) }, 'source failed to start');
      timer = setTimeout(() => {
        inflight = attempt();
      }, delay);
    }
  };

  inflight = attempt();
  return {
    ready: inflight,
    async stop() {
      clearTimeout(timer);
      await inflight;
      await running?.stop();
    },
  };
}

/** Webhooks are pushed by the HTTP route: nothing runs, health is reported by the route. */
export function runPassiveSource(): Runner {
  return { ready: Promise.resolve(), stop: () => Promise.resolve() };
}
