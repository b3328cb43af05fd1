import { describe, expect, it } from 'vitest';
import {
  NORMALISED_STATUSES,
  STATUS_COLORS,
  StatusMappingSchema,
  applyStatusMapping,
  collectUnmapped,
  contrastRatio,
  statusLegend,
} from './status-mapping.js';
import type { StatusMapping } from './status-mapping.js';

const mapping: StatusMapping = StatusMappingSchema.parse({
  rules: [
    { match: 'Running', status: 'ok' },
    { match: { pattern: '^err' }, status: 'alarm' },
    { match: 'error-soft', status: 'warning' }, // after the pattern: the pattern wins
    { match: '0', status: 'offline' },
    { match: 'MAINT', status: 'maintenance' },
  ],
  custom: [{ name: 'maintenance', color: '#6a1b9a', label: 'Maintenance' }],
});

describe('applyStatusMapping', () => {
  it('maps exact values case-insensitively and patterns in rule order', () => {
    expect(applyStatusMapping(mapping, 'running')).toEqual({ status: 'ok', mapped: true });
    expect(applyStatusMapping(mapping, ' RUNNING ')).toEqual({ status: 'ok', mapped: true });
    expect(applyStatusMapping(mapping, 'ERROR: door forced')).toEqual({ status: 'alarm', mapped: true });
    expect(applyStatusMapping(mapping, 'error-soft')).toEqual({ status: 'alarm', mapped: true });
    expect(applyStatusMapping(mapping, 0)).toEqual({ status: 'offline', mapped: true });
    expect(applyStatusMapping(mapping, 'maint')).toEqual({ status: 'maintenance', mapped: true });
  });

  it('takes a value that already names a status as that status', () => {
    expect(applyStatusMapping(mapping, 'Warning')).toEqual({ status: 'warning', mapped: true });
    expect(applyStatusMapping(mapping, 'maintenance')).toEqual({ status: 'maintenance', mapped: true });
  });

  it('sends unmapped and missing values to unknown', () => {
    expect(applyStatusMapping(mapping, 'degraded')).toEqual({ status: 'unknown', mapped: false });
    expect(applyStatusMapping(mapping, null)).toEqual({ status: 'unknown', mapped: false });
    expect(applyStatusMapping(mapping, '  ')).toEqual({ status: 'unknown', mapped: false });
  });
});

describe('collectUnmapped', () => {
  it('lists each unmapped value once, sorted', () => {
    expect(collectUnmapped(mapping, ['degraded', 'Running', 'zz', 'Degraded', 'b', null, 'errx', 'B'])).toEqual([
      'b',
      'degraded',
      'zz',
    ]);
  });
});

describe('StatusMappingSchema', () => {
  it('refuses rules to statuses that do not exist, bad colours, bad regexes and clashing names', () => {
    const result = StatusMappingSchema.safeParse({
      rules: [
        { match: 'x', status: 'purple' },
        { match: { pattern: '(' }, status: 'ok' },
      ],
      custom: [
        { name: 'ok', color: '#000000', label: 'Dup' },
        { name: 'maint', color: 'red', label: 'M' },
        { name: 'maint', color: '#123456', label: 'M2' },
      ],
    });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        'rules.1.match.pattern: is not a valid regular expression',
        'custom.0.name: is already a built-in status',
        'custom.1.color: must be a colour like #1e88e5',
      ]),
    );
    // The cross-field checks run once the fields themselves are valid.
    const second = StatusMappingSchema.safeParse({
      rules: [{ match: 'x', status: 'purple' }],
      custom: [
        { name: 'maint', color: '#123456', label: 'M' },
        { name: 'maint', color: '#123456', label: 'M2' },
      ],
    });
    expect(second.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'custom.1.name: is used twice',
      expect.stringMatching(/^rules\.0\.status: "purple" is not a status/),
    ]);
  });
});

describe('legend colours', () => {
  it('gives every status a text colour readable on its fill (WCAG AA)', () => {
    for (const entry of statusLegend(mapping)) {
      expect(contrastRatio(entry.color, entry.text)).toBeGreaterThanOrEqual(4.5);
    }
    expect(statusLegend(mapping).map((e) => e.status)).toEqual([...NORMALISED_STATUSES, 'maintenance']);
    expect(STATUS_COLORS.warning.text).toBe('#000000');
  });
});
