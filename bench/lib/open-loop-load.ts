/**
 * Sends requests at a fixed arrival rate, whatever the server's speed (an open loop): a slow answer
 * does not delay the next request, so queueing shows up in the latencies instead of being hidden by
 * a closed loop's back-pressure. autocannon only does closed loops (or a rate cap per connection), so
 * this small scheduler is hand-written.
 */
export interface OpenLoopOptions {
  ratePerSecond: number;
  durationSeconds: number;
  /** Requests allowed in flight at once; beyond it a request counts as dropped (the client is the limit). */
  maxInFlight?: number;
  /** Sends request number `i`; resolves true when the answer was the expected one. */
  send(i: number): Promise<boolean>;
}

export interface OpenLoopResult {
  latenciesMs: number[];
  sent: number;
  ok: number;
  failed: number;
  dropped: number;
  elapsedSeconds: number;
}

export async function runOpenLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const { ratePerSecond, durationSeconds, send } = options;
  const maxInFlight = options.maxInFlight ?? 2000;
  const total = Math.round(ratePerSecond * durationSeconds);
  const intervalMs = 1000 / ratePerSecond;
  const latenciesMs: number[] = [];
  const pending = new Set<Promise<void>>();
  let ok = 0;
  let failed = 0;
  let dropped = 0;
  const start = performance.now();

  for (let i = 0; i < total; i++) {
    const due = start + i * intervalMs;
    const wait = due - performance.now();
    // Timers are coarse (≈1 ms); sending the few requests that fall due in one tick together keeps the rate.
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    if (pending.size >= maxInFlight) {
      dropped++;
      continue;
    }
    const sentAt = performance.now();
    const request = send(i)
      .then((good) => {
        if (good) {
          ok++;
          latenciesMs.push(performance.now() - sentAt);
        } else {
          failed++;
        }
      })
      .catch(() => {
        failed++;
      })
      .finally(() => pending.delete(request));
    pending.add(request);
  }
  await Promise.all(pending);
  return {
    latenciesMs,
    sent: total - dropped,
    ok,
    failed,
    dropped,
    elapsedSeconds: (performance.now() - start) / 1000,
  };
}
