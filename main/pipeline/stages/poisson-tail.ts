/**
 * How surprising a count is under a Poisson rate, as a z-score (the standard-normal quantile of the
 * same upper-tail probability). Exact for small rates, where a z-score of (count − λ)/√λ is badly
 * wrong, and computed in log space so huge bursts give a large finite score instead of Infinity.
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * ln P(X ≥ k) for X ~ Poisson(λ), k > λ, via the regularised lower incomplete gamma P(k, λ), whose
 * series converges quickly when λ < k. Real k is accepted (over-dispersed counts are scaled).
 */
export function logPoissonUpperTail(k: number, lambda: number): number {
  if (k <= 0) return 0;
  let term = 1 / k;
  let sum = term;
  for (let n = 1; n < 2000; n++) {
    term *= lambda / (k + n);
    sum += term;
    if (term < sum * 1e-15) break;
  }
  return k * Math.log(lambda) - lambda - logGamma(k) + Math.log(sum);
}

/** Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9). */
function normalQuantile(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

/** The z with the same upper-tail probability as `logP` (natural log). */
export function zFromLogUpperTail(logP: number): number {
  if (logP >= Math.log(0.5)) return 0;
  if (logP > -700) return -normalQuantile(Math.exp(logP));
  // Beyond double range: the leading terms of the normal tail's asymptotic expansion.
  const l = -2 * logP;
  return Math.sqrt(l - Math.log(l) - Math.log(2 * Math.PI));
}

/** z-score of seeing `count` where `lambda` was expected, for counts over-dispersed by `dispersion` (≥ 1). */
export function poissonScore(count: number, lambda: number, dispersion = 1): number {
  if (count <= lambda) return 0;
  return zFromLogUpperTail(logPoissonUpperTail(count / dispersion, lambda / dispersion));
}
