import { describe, expect, it } from 'vitest';
import {
  centreOn,
  clampScale,
  fitView,
  panBy,
  scaleLimits,
  toMap,
  transformCss,
  wheelZoomFactor,
  zoomAround,
} from './view-transform.js';

describe('fitView', () => {
  it('scales the map to the limiting side and centres it, with padding', () => {
    // 2000×1000 into 1016×816 with 8 px padding: width limits (1000/2000 = 0.5).
    const view = fitView({ width: 2000, height: 1000 }, { width: 1016, height: 816 }, 8);
    expect(view.k).toBeCloseTo(0.5);
    expect(view.x).toBeCloseTo(8);
    expect(view.y).toBeCloseTo((816 - 500) / 2);
  });

  it('enlarges a small drawing to fill the viewport', () => {
    const view = fitView({ width: 100, height: 100 }, { width: 600, height: 400 }, 0);
    expect(view).toEqual({ k: 4, x: 100, y: 0 });
  });

  it('leaves the view alone while either size is unknown', () => {
    expect(fitView({ width: 0, height: 10 }, { width: 600, height: 400 })).toEqual({ x: 0, y: 0, k: 1 });
    expect(fitView({ width: 10, height: 10 }, { width: 0, height: 0 })).toEqual({ x: 0, y: 0, k: 1 });
  });
});

describe('zoomAround', () => {
  const limits = { min: 0.1, max: 10 };

  it('keeps the map point under the cursor where it was', () => {
    const view = { x: 30, y: -20, k: 0.8 };
    const cursor = { x: 412, y: 275 };
    const before = toMap(view, cursor);
    const zoomed = zoomAround(view, 1.7, cursor, limits);
    expect(zoomed.k).toBeCloseTo(1.36);
    const after = toMap(zoomed, cursor);
    expect(after.x).toBeCloseTo(before.x);
    expect(after.y).toBeCloseTo(before.y);
  });

  it('stops at the limits and returns the same view when nothing changes', () => {
    const view = { x: 0, y: 0, k: 10 };
    expect(zoomAround(view, 2, { x: 5, y: 5 }, limits)).toBe(view);
    expect(zoomAround({ x: 0, y: 0, k: 0.2 }, 0.1, { x: 0, y: 0 }, limits).k).toBe(0.1);
  });

  it('zooming in then out by the same factor returns to the start', () => {
    const view = { x: 12, y: 34, k: 1 };
    const back = zoomAround(zoomAround(view, 1.25, { x: 100, y: 50 }, limits), 1 / 1.25, { x: 100, y: 50 }, limits);
    expect(back.x).toBeCloseTo(12);
    expect(back.y).toBeCloseTo(34);
    expect(back.k).toBeCloseTo(1);
  });
});

describe('limits, panning and the transform', () => {
  it('allows a quarter of the fitted scale out and 64 times (at least 8 px per unit) in', () => {
    expect(scaleLimits(0.5)).toEqual({ min: 0.125, max: 32 });
    expect(scaleLimits(0.01)).toEqual({ min: 0.0025, max: 8 });
    expect(clampScale(100, scaleLimits(1))).toBe(64);
  });

  it('pans in viewport pixels whatever the scale', () => {
    expect(panBy({ x: 1, y: 2, k: 3 }, 10, -5)).toEqual({ x: 11, y: -3, k: 3 });
  });

  it('writes translate before scale (transform-origin 0 0)', () => {
    expect(transformCss({ x: 10, y: -4.5, k: 2 })).toBe('translate(10px, -4.5px) scale(2)');
  });

  it('centres a shape and zooms in until it fills a third of the viewport', () => {
    const view = centreOn(
      { x: 0, y: 0, k: 0.5 },
      { x: 100, y: 200, width: 20, height: 10 },
      { width: 600, height: 300 },
      {
        min: 0.1,
        max: 100,
      },
    );
    expect(view.k).toBeCloseTo(10);
    // The shape's centre (110, 205) lands on the viewport's centre (300, 150).
    expect(110 * view.k + view.x).toBeCloseTo(300);
    expect(205 * view.k + view.y).toBeCloseTo(150);
  });
});

describe('wheelZoomFactor', () => {
  it('zooms in for wheel-up, out for wheel-down, by the same amount either way', () => {
    const up = wheelZoomFactor(-100, 0);
    const down = wheelZoomFactor(100, 0);
    expect(up).toBeGreaterThan(1);
    expect(down).toBeLessThan(1);
    expect(up * down).toBeCloseTo(1);
  });

  it('converts line deltas to pixels and caps a coarse notch at about ×2', () => {
    expect(wheelZoomFactor(3, 1)).toBeCloseTo(wheelZoomFactor(48, 0));
    expect(wheelZoomFactor(-10_000, 0)).toBeLessThan(2.01);
  });
});
