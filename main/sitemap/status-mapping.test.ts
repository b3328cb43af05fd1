import { describe, expect, it } from 'vitest';
import { OutpostError } from '../contract/index.js';
import {
  NORMALISED_STATUSES,
  assertRunnableStatusMapping,
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

describe('patterns on the linear-time engine', () => {
  it('maps with catastrophic patterns on the longest raw value at once', () => {
    // Each raw value makes a backtracking engine try every split of it (2^n ways and worse).
    const cases: [pattern: string, raw: string][] = [
      ['^(a+)+$', `${'a'.repeat(250)}!`],
      ['(a|aa)+$', `${'a'.repeat(250)}!`],
      ['(.*a){25}', `${'a'.repeat(24)}${'b'.repeat(230)}`],
      ['(x+x+)+y', 'x'.repeat(255)],
    ];
    for (const [pattern, raw] of cases) {
      const hostile = StatusMappingSchema.parse({
        rules: [
          { match: { pattern }, status: 'alarm' },
          { match: { pattern: '^OK$' }, status: 'ok' },
        ],
        custom: [],
      });
      expect(applyStatusMapping(hostile, raw), pattern).toEqual({ status: 'unknown', mapped: false });
      expect(applyStatusMapping(hostile, 'ok'), pattern).toEqual({ status: 'ok', mapped: true });
    }
  });

  it('refuses backreferences and lookaround naming the rule, and skips them in mappings stored before', () => {
    const legacy = StatusMappingSchema.parse({
      rules: [
        { match: { pattern: '(a)\\1' }, status: 'alarm' },
        { match: { pattern: '^door(?!.*closed)' }, status: 'warning' },
        { match: { pattern: '^ok' }, status: 'ok' },
      ],
      custom: [],
    });
    let caught: unknown;
    try {
      assertRunnableStatusMapping(legacy);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(OutpostError);
    expect((caught as OutpostError).code).toBe('invalid_input');
    expect((caught as OutpostError).issues?.map((i) => i.path)).toEqual([
      'statusMapping.rules.0.match.pattern',
      'statusMapping.rules.1.match.pattern',
    ]);
    expect((caught as OutpostError).message).toMatch(/Rule 1 \(\/\(a\)\\1\/\) uses a backreference/u);
    // Already stored (a release, an older integration): those rules match nothing, the others still work.
    expect(applyStatusMapping(legacy, 'aa')).toEqual({ status: 'unknown', mapped: false });
    expect(applyStatusMapping(legacy, 'door open')).toEqual({ status: 'unknown', mapped: false });
    expect(applyStatusMapping(legacy, 'okay')).toEqual({ status: 'ok', mapped: true });
  });
});

describe('many rules', () => {
  it('keeps first-match-wins across 500 rules, exact and patterns interleaved', () => {
    const rules = Array.from({ length: 499 }, (_, i) =>
      i % 2 === 0
        ? { match: { pattern: `^unit-${i}\\b` }, status: i % 4 === 0 ? 'alarm' : 'warning' }
        : { match: `unit-${i - 1} exact`, status: 'ok' },
    );
    // A catch-all pattern near the end: earlier rules win over it, and it wins over later exact ones.
    rules.splice(450, 0, { match: { pattern: '.*' }, status: 'offline' });
    const many = StatusMappingSchema.parse({ rules, custom: [] });
    expect(applyStatusMapping(many, 'unit-0 exact')).toEqual({ status: 'alarm', mapped: true });
    expect(applyStatusMapping(many, 'UNIT-2 now')).toEqual({ status: 'warning', mapped: true });
    expect(applyStatusMapping(many, 'unit-448 exact')).toEqual({ status: 'alarm', mapped: true });
    expect(applyStatusMapping(many, 'unit-460 exact')).toEqual({ status: 'offline', mapped: true });
    expect(applyStatusMapping(many, 'anything')).toEqual({ status: 'offline', mapped: true });
    // The same answers again (remembered per raw value).
    expect(applyStatusMapping(many, 'UNIT-2 now')).toEqual({ status: 'warning', mapped: true });
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
