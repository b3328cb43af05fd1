/**
 * The fixed cost of one model run, in tokens: what a run costs beyond its rows × sequence length. Measured
 * with minilm-l6-random on one intra-op thread (bench `embedding`, and issue 11's bare-session figures
 * 1.4 / 2.2 / 4.4 ms at 16 / 32 / 64 tokens): about 0.05 ms per token plus 0.6 ms per run, whatever the
 * batch size, so a run costs as much as twelve more tokens. Streaming the weights through the cache once
 * per run is most of that fixed part, which is why a batch of short rows beats running them one by one.
 */
export const RUN_COST_TOKENS = 12;

/**
 * Splits texts into model runs by token length (issue 11): every row of a run is padded to the run's
 * longest, so the texts are sorted by length and cut into consecutive groups at the places that minimise
 * Σ (RUN_COST_TOKENS + rows × longest). Padding every batch to its longest text fed the model three
 * times the real tokens on log templates; running only equal lengths together paid the fixed cost of a
 * run for nearly every text. Returns groups of indices into `lengths`, shortest first; a text alone
 * (or among equal lengths) is never padded.
 *
 * Hand-written: an O(n²) dynamic programme over at most one pool job's texts (16 by default); the cost
 * model is this product's own measurement.
 */
export function lengthBatches(lengths: readonly number[]): number[][] {
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[a]! - lengths[b]! || a - b);
  const n = order.length;
  // best[j]: the least cost of the first j texts in order; cut[j]: where the last group of them starts.
  const best = new Float64Array(n + 1).fill(Infinity);
  const cut = new Int32Array(n + 1);
  best[0] = 0;
  for (let j = 1; j <= n; j++) {
    const longest = lengths[order[j - 1]!]!;
    for (let i = 0; i < j; i++) {
      const cost = best[i]! + RUN_COST_TOKENS + (j - i) * longest;
      if (cost < best[j]!) {
        best[j] = cost;
        cut[j] = i;
      }
    }
  }
  const groups: number[][] = [];
  for (let j = n; j > 0; j = cut[j]!) groups.push(order.slice(cut[j]!, j));
  return groups.reverse();
}
