import { describe, expect, it } from 'vitest';
import { OutpostError } from '../../contract/index.js';
import { createSpikeDetector } from './spikes.js';

const T0 = 28_000_000;

/** Feeds `counts` minute by minute from `start`; returns the minutes (offsets) that were spikes. */
function feed(detector: ReturnType<typeof createSpikeDetector>, counts: number[], start = T0, group = 'g'): number[] {
  const spikes: number[] = [];
  counts.forEach((count, i) => {
    if (detector.observe(group, start + i, count).spike) spikes.push(i);
  });
  return spikes;
}

const steady = (minutes: number, count: number) => Array.from({ length: minutes }, (_, i) => count + (i % 3) - 1);

describe('createSpikeDetector', () => {
  it('flags a burst over a steady baseline and reports the baseline and score', () => {
    const detector = createSpikeDetector();
    expect(feed(detector, steady(30, 10))).toEqual([]);
    const verdict = detector.observe('g', T0 + 30, 60);
    expect(verdict.spike).toBe(true);
    expect(verdict.expected).toBeGreaterThan(8);
    expect(verdict.expected).toBeLessThan(12);
    expect(verdict.score).toBeGreaterThan(4);
  });

  it('says nothing during warm-up', () => {
    const detector = createSpikeDetector({ warmupMinutes: 15 });
    expect(feed(detector, [1, 1, 1, 1, 200, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 200])).toEqual([15]);
  });

  it('ignores bursts under the minimum count, however quiet the group was', () => {
    const quiet = [1, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0];
    expect(feed(createSpikeDetector({ warmupMinutes: 0, minCount: 6 }), [...quiet, 5])).toEqual([]);
    expect(feed(createSpikeDetector({ warmupMinutes: 0, minCount: 5 }), [...quiet, 5])).toEqual([quiet.length]);
  });

  it('holds back spikes within the cooldown, then flags again', () => {
    const detector = createSpikeDetector({ cooldownMinutes: 10 });
    const counts = [...steady(30, 5), 80, 5, 5, 5, 80, 5, 5, 5, 5, 5, 5, 80];
    expect(feed(detector, counts)).toEqual([30, 41]);
  });

  it('counts unobserved minutes as zero, so a long-quiet group decays', () => {
    const detector = createSpikeDetector();
    feed(detector, steady(30, 10));
    const verdict = detector.observe('g', T0 + 30 + 180, 10);
    expect(verdict.expected).toBeLessThan(0.01);
    expect(verdict.spike).toBe(true);
  });

  it('does not let a spike poison the baseline', () => {
    const detector = createSpikeDetector({ cooldownMinutes: 5 });
    feed(detector, steady(30, 10));
    expect(detector.observe('g', T0 + 30, 5000).spike).toBe(true);
    const after = detector.observe('g', T0 + 31, 10);
    expect(after.expected).toBeLessThan(15);
    expect(feed(detector, [...steady(8, 10), 60], T0 + 32)).toEqual([8]);
  });

  it('judges a minute observed repeatedly as it fills, raising its spike once', () => {
    const detector = createSpikeDetector();
    feed(detector, steady(30, 10));
    expect(detector.observe('g', T0 + 30, 12).spike).toBe(false);
    expect(detector.observe('g', T0 + 30, 70).spike).toBe(true);
    expect(detector.observe('g', T0 + 30, 90).spike).toBe(false);
  });

  it('keeps groups apart', () => {
    const detector = createSpikeDetector();
    feed(detector, steady(30, 100), T0, 'busy');
    feed(detector, steady(30, 2), T0, 'quiet');
    expect(detector.observe('busy', T0 + 30, 60).spike).toBe(false);
    expect(detector.observe('quiet', T0 + 30, 60).spike).toBe(true);
  });

  it('continues from exported state exactly as it would have', () => {
    const counts = [...steady(40, 7), 70, ...steady(20, 7), 50, 3, 0, 0, 90];
    const straight = createSpikeDetector();
    const expected = feed(straight, counts);
    const first = createSpikeDetector();
    feed(first, counts.slice(0, 35));
    const resumed = createSpikeDetector({}, first.exportState());
    const rest = feed(resumed, counts.slice(35), T0 + 35).map((i) => i + 35);
    expect(rest).toEqual(expected);
    expect(resumed.exportState()).toBe(straight.exportState());
  });

  it('rejects invalid settings and unreadable state with a clear error', () => {
    for (const [params, path] of [
      [{ alpha: 0 }, 'alpha'],
      [{ alpha: 1.5 }, 'alpha'],
      [{ minCount: 0 }, 'minCount'],
      [{ zThreshold: -1 }, 'zThreshold'],
      [{ cooldownMinutes: 2.5 }, 'cooldownMinutes'],
    ] as const) {
      let caught: unknown;
      try {
        createSpikeDetector(params);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(OutpostError);
      expect((caught as OutpostError).issues?.[0]?.path).toBe(path);
    }
    expect(() => createSpikeDetector({}, 'not json')).toThrow(OutpostError);
    expect(() => createSpikeDetector({}, '{"version":1,"groups":{"g":[1]}}')).toThrow(/state/);
  });
});
