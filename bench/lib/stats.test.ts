import { describe, expect, it } from 'vitest';
import { mean, percentile, percentileSorted, round, summarize } from './stats.js';

describe('percentile (nearest rank)', () => {
  it('matches the textbook example', () => {
    // Wikipedia, "Percentile", nearest-rank method: {15, 20, 35, 40, 50}.
    const samples = [15, 20, 35, 40, 50];
    expect(percentile(samples, 5)).toBe(15);
    expect(percentile(samples, 30)).toBe(20);
    expect(percentile(samples, 40)).toBe(20);
    expect(percentile(samples, 50)).toBe(35);
    expect(percentile(samples, 100)).toBe(50);
  });

  it('always returns an observed sample, rank ceil(p/100 * n)', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 95)).toBe(95);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile(samples, 99.5)).toBe(100);
    const ten = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
    expect(percentile(ten, 95)).toBe(10);
    expect(percentile(ten, 50)).toBe(5);
    expect(percentile(ten, 51)).toBe(6);
  });

  it('sorts numerically, not as strings, and leaves the input alone', () => {
    const samples = [100, 9, 20, 3];
    expect(percentile(samples, 50)).toBe(9);
    expect(samples).toEqual([100, 9, 20, 3]);
  });

  it('handles one sample and rejects bad input', () => {
    expect(percentile([7], 1)).toBe(7);
    expect(percentile([7], 100)).toBe(7);
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([1, 2], 0)).toThrow(RangeError);
    expect(() => percentile([1, 2], 101)).toThrow(RangeError);
    expect(() => percentile([1, Number.NaN], 50)).toThrow(RangeError);
    expect(() => percentileSorted([], 50)).toThrow(RangeError);
  });
});

describe('summarize', () => {
  it('reports p50/p95/p99, min, max, mean and the count', () => {
    const samples = Array.from({ length: 200 }, (_, i) => 200 - i); // 200..1
    expect(summarize(samples)).toEqual({ p50: 100, p95: 190, p99: 198, min: 1, max: 200, mean: 100.5, samples: 200 });
  });

  it('mean and round', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(round(1.23456)).toBe(1.235);
    expect(round(123.456)).toBe(123.46);
    expect(round(12345.6)).toBe(12346);
  });
});
