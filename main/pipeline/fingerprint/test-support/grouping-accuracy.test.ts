import { describe, expect, it } from 'vitest';
import { groupingAccuracy } from './grouping-accuracy.js';

describe('groupingAccuracy', () => {
  it('counts a line only when its predicted group is exactly its true group', () => {
    const truth = ['A', 'A', 'B', 'B', 'C'];
    expect(groupingAccuracy(truth, ['x', 'x', 'y', 'y', 'z'])).toBe(1);
    // B and C merged: only A's two lines are right.
    expect(groupingAccuracy(truth, ['x', 'x', 'y', 'y', 'y'])).toBe(0.4);
    // A split in two: B and C are still right.
    expect(groupingAccuracy(truth, ['x', 'w', 'y', 'y', 'z'])).toBe(0.6);
  });
});
