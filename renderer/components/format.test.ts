import { describe, expect, it } from 'vitest';
import { EVENT_SEVERITIES, isEventSeverity, severityLabel, severityTone } from './severity.js';
import { formatAgo, formatDateTime, formatTime } from './time-format.js';

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

  it('always shows the date and the time zone, and the year when it is not this year', () => {
    expect(formatTime(Date.UTC(2025, 5, 10, 9, 5, 7), now, 'en-GB', 'UTC')).toBe('10 Jun, 09:05:07 UTC');
    expect(formatTime(Date.UTC(2024, 5, 8, 9, 5, 7), now, 'en-GB', 'UTC')).toBe('8 Jun 2024, 09:05:07 UTC');
    expect(formatDateTime(Date.UTC(2025, 5, 8, 9, 5, 7), 'en-GB', 'UTC')).toBe('8 Jun 2025, 09:05:07 UTC');
  });

  it('says how long ago', () => {
    expect(formatAgo(now - 10_000, now)).toBe('just now');
    expect(formatAgo(now - 5 * 60_000, now)).toBe('5 min ago');
    expect(formatAgo(now - 3 * 3_600_000, now)).toBe('3 h ago');
    expect(formatAgo(now - 3 * 86_400_000, now)).toBe('3 d ago');
  });
});
