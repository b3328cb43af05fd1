import { describe, expect, it } from 'vitest';
import { sparklinePath, sparklineSummary } from './sparkline-path.js';

describe('sparkline path', () => {
  it('scales counts to the box with the peak at the top', () => {
    expect(sparklinePath([0, 5, 10], 100, 20)).toBe('M0 20 L50 10 L100 0');
  });

  it('draws all zeros on the baseline', () => {
    expect(sparklinePath([0, 0, 0, 0], 30, 10)).toBe('M0 10 L10 10 L20 10 L30 10');
  });

  it('draws a single value across the width', () => {
    expect(sparklinePath([3], 60, 12)).toBe('M0 0 L60 0');
  });

  it('draws nothing without values', () => {
    expect(sparklinePath([], 60, 12)).toBe('');
  });

  it('rounds coordinates', () => {
    expect(sparklinePath([1, 2, 3, 0], 100, 10)).toBe('M0 6.7 L33.3 3.3 L66.7 0 L100 10');
  });

  it('summarises the counts in words', () => {
    expect(sparklineSummary([0, 2, 5, 1])).toBe('8 in the last 4 minutes, at most 5 a minute');
    expect(sparklineSummary([])).toBe('No recent activity');
  });
});
