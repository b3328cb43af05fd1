import { describe, expect, it } from 'vitest';
import { formatClipTime, frameSeconds, stripFrame } from './player-time.js';

describe('clip player arithmetic', () => {
  it('formats positions as a player shows them', () => {
    expect(formatClipTime(0)).toBe('0:00');
    expect(formatClipTime(75.25, true)).toBe('1:15.2');
    expect(formatClipTime(3725)).toBe('1:02:05');
    expect(formatClipTime(Number.NaN)).toBe('0:00');
  });
  it('steps one frame at the clip’s rate', () => {
    expect(frameSeconds(25)).toBeCloseTo(0.04);
    expect(frameSeconds(undefined)).toBeCloseTo(0.04);
    expect(frameSeconds(10)).toBeCloseTo(0.1);
  });
  it('picks the preview-strip frame under a position', () => {
    expect(stripFrame(0, 10, 10)).toBe(0);
    expect(stripFrame(5, 10, 10)).toBe(5);
    expect(stripFrame(10, 10, 10)).toBe(9);
    expect(stripFrame(3, 0, 10)).toBe(0);
  });
});
