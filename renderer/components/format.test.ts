import { describe, expect, it } from 'vitest';
import { EVENT_SEVERITIES, isEventSeverity, severityLabel, severityTone } from './severity.js';
import { formatAgo, formatTime } from './time-format.js';

describe('severity formatting', () => {
  it('labels every severity with a word, not only a colour', () => {
    expect(EVENT_SEVERITIES.map(severityLabel)).toEqual(['Debug', 'Info', 'Notice', 'Warning', 'Error', 'Critical']);
  });

  it('maps severities to tones, highest for error and critical', () => {
    expect(severityTone('debug')).toBe('low');
    expect(severityTone('notice')).toBe('info');
    expect(severityTone('warning')).toBe('warn');
    expect(severityTone('error')).toBe('high');
    expect(severityTone('critical')).toBe('high');
  });

  it('recognises severities from URL strings', () => {
    expect(isEventSeverity('warning')).toBe(true);
    expect(isEventSeverity('loud')).toBe(false);
    expect(isEventSeverity(null)).toBe(false);
  });
});

describe('time formatting', () => {
  const now = Date.UTC(2025, 5, 10, 12, 0, 0);

  it('shows only the clock for today and the date otherwise', () => {
    expect(formatTime(Date.UTC(2025, 5, 10, 9, 5, 7), now, 'en-GB', 'UTC')).toBe('09:05:07');
    expect(formatTime(Date.UTC(2025, 5, 8, 9, 5, 7), now, 'en-GB', 'UTC')).toMatch(/8 Jun 2025.*09:05/);
  });

  it('says how long ago', () => {
    expect(formatAgo(now - 10_000, now)).toBe('just now');
    expect(formatAgo(now - 5 * 60_000, now)).toBe('5 min ago');
    expect(formatAgo(now - 3 * 3_600_000, now)).toBe('3 h ago');
    expect(formatAgo(now - 3 * 86_400_000, now)).toBe('3 d ago');
  });
});
