import { describe, expect, it } from 'vitest';
import { crossValidate, leaveOneOut, twoFolds } from './cross-validation.js';
import type { LabelledSystem } from './grouping-accuracy.js';

const systems: LabelledSystem[] = ['A', 'B', 'C', 'D'].map((system) => ({ system, lines: [] }));
/** A made-up score table: `wide` is best on A and C, `narrow` on B and D. */
const scores: Record<string, Record<string, number>> = {
  wide: { A: 0.9, B: 0.5, C: 0.9, D: 0.5 },
  narrow: { A: 0.6, B: 0.8, C: 0.6, D: 0.8 },
};
const candidates = [
  { name: 'wide', params: 'wide' },
  { name: 'narrow', params: 'narrow' },
];

describe('crossValidate', () => {
  it('scores each system with the setting chosen on the others', async () => {
    const cv = await crossValidate(systems, candidates, (s, p) => scores[p]![s.system]!);
    // Folds A,C | B,D: chosen on A,C → wide, scored on B,D (0.5); chosen on B,D → narrow, scored on A,C (0.6).
    expect(cv.twoFold.systems.map((s) => [s.system, s.accuracy, s.chosen])).toEqual([
      ['A', 0.6, 'narrow'],
      ['B', 0.5, 'wide'],
      ['C', 0.6, 'narrow'],
      ['D', 0.5, 'wide'],
    ]);
    expect(cv.twoFold.mean).toBeCloseTo(0.55);
    // Holding out A leaves B, C, D: narrow (0.733) beats wide (0.633).
    expect(cv.leaveOneOut.systems.find((s) => s.system === 'A')).toEqual({
      system: 'A',
      accuracy: 0.6,
      chosen: 'narrow',
    });
  });

  it('scores every system and candidate once', async () => {
    let calls = 0;
    await crossValidate(systems, candidates, () => ++calls && 0.5);
    expect(calls).toBe(8);
  });

  it('lets the earlier candidate win a tie', async () => {
    const cv = await crossValidate(systems, candidates, () => 0.7);
    expect(new Set(cv.leaveOneOut.folds.map((f) => f.chosen))).toEqual(new Set(['wide']));
  });
});

describe('folds', () => {
  it('alternate systems in name order and hold each one out once', () => {
    expect(twoFolds(['D', 'B', 'A', 'C']).map((f) => f.train)).toEqual([
      ['A', 'C'],
      ['B', 'D'],
    ]);
    expect(leaveOneOut(['B', 'A']).map((f) => [f.train, f.test])).toEqual([
      [['B'], ['A']],
      [['A'], ['B']],
    ]);
  });
});
