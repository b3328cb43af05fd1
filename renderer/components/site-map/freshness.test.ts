import { describe, expect, it } from 'vitest';
import { describeFreshness, formatAge } from './freshness.js';

describe('formatAge', () => {
  it('counts seconds, then minutes, hours and days', () => {
    expect(formatAge(-500)).toBe('0 s ago');
    expect(formatAge(12_400)).toBe('12 s ago');
    expect(formatAge(125_000)).toBe('2 min ago');
    expect(formatAge(3 * 3_600_000 + 5)).toBe('3 h ago');
    expect(formatAge(72 * 3_600_000)).toBe('3 d ago');
  });
});

describe('describeFreshness', () => {
  it('says live with the age of the answer', () => {
    expect(describeFreshness({ ageMs: 12_000, stale: false, error: null })).toEqual({
      tone: 'live',
      text: 'Live · updated 12 s ago',
    });
  });

  it('says stale with the error and the age of the last good answer', () => {
    expect(describeFreshness({ ageMs: 120_000, stale: true, error: 'connection refused' })).toEqual({
      tone: 'stale',
      text: 'Stale: connection refused, last good answer 2 min ago',
    });
  });

  it('says when no source has answered, and why when known', () => {
    expect(describeFreshness(null).text).toBe('No status source answered yet');
    expect(describeFreshness({ ageMs: null, stale: true, error: 'HTTP 500' }).text).toBe(
      'No status source answered yet (HTTP 500)',
    );
    expect(describeFreshness(null, 'Outpost is starting').tone).toBe('none');
  });
});
