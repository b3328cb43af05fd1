import { describe, expect, it } from 'vitest';
import { lengthBatches, RUN_COST_TOKENS } from './length-batches.js';

/** Tokens the model works through (padding included) plus the fixed cost of each run. */
function cost(lengths: number[], groups: number[][]): number {
  return groups.reduce((sum, g) => sum + RUN_COST_TOKENS + g.length * Math.max(...g.map((i) => lengths[i]!)), 0);
}

describe('lengthBatches', () => {
  it('runs texts of one length together, unpadded', () => {
    expect(lengthBatches([20, 20, 20])).toEqual([[0, 1, 2]]);
  });

  it('pads a few tokens to save a run, but never a short text to a long one', () => {
    const lengths = [18, 120, 17, 19, 60];
    const groups = lengthBatches(lengths);
    expect(groups).toContainEqual([2, 0, 3]);
    expect(groups).toContainEqual([4]);
    expect(groups).toContainEqual([1]);
  });

  it('places every text exactly once, and costs no more than one run each or one padded batch', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let trial = 0; trial < 50; trial++) {
      const lengths = Array.from({ length: 1 + Math.floor(random() * 16) }, () => 3 + Math.floor(random() * 62));
      const groups = lengthBatches(lengths);
      expect(groups.flat().sort((a, b) => a - b)).toEqual(lengths.map((_, i) => i));
      expect(cost(lengths, groups)).toBeLessThanOrEqual(
        cost(
          lengths,
          lengths.map((_, i) => [i]),
        ),
      );
      expect(cost(lengths, groups)).toBeLessThanOrEqual(cost(lengths, [lengths.map((_, i) => i)]));
    }
  });

  it('returns nothing for no texts', () => {
    expect(lengthBatches([])).toEqual([]);
  });
});
