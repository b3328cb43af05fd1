/**
 * Statistics for benchmark figures. Percentiles use the nearest-rank method: the p-th percentile of
 * n sorted samples is the sample at rank ceil(p/100 · n) (1-based), so it is always an observed value.
 */

export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
  min: number;
  max: number;
  mean: number;
  samples: number;
}

function sortedCopy(samples: readonly number[]): number[] {
  return [...samples].sort((a, b) => a - b);
}

function assertUsable(samples: readonly number[]): void {
  if (samples.length === 0) throw new RangeError('percentile of no samples');
  for (const v of samples) if (!Number.isFinite(v)) throw new RangeError(`not a finite sample: ${v}`);
}

/** Nearest-rank percentile of already-sorted ascending samples. `p` in (0, 100]. */
export function percentileSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError('percentile of no samples');
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1]!;
}

/** Nearest-rank percentile of unsorted samples. */
export function percentile(samples: readonly number[], p: number): number {
  assertUsable(samples);
  return percentileSorted(sortedCopy(samples), p);
}

export function mean(samples: readonly number[]): number {
  assertUsable(samples);
  let sum = 0;
  for (const v of samples) sum += v;
  return sum / samples.length;
}

export function summarize(samples: readonly number[]): LatencySummary {
  assertUsable(samples);
  const sorted = sortedCopy(samples);
  return {
    p50: percentileSorted(sorted, 50),
    p95: percentileSorted(sorted, 95),
    p99: percentileSorted(sorted, 99),
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
    mean: mean(sorted),
    samples: sorted.length,
  };
}

/** Rounds for reports: 3 significant decimals below 10, 2 below 1000, integers above. */
export function round(value: number): number {
  const digits = Math.abs(value) < 10 ? 3 : Math.abs(value) < 1000 ? 2 : 0;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
