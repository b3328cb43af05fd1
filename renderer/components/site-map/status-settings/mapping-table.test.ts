import { describe, expect, it } from 'vitest';
import {
  addRuleFor,
  customNameFromLabel,
  mappingFromRows,
  moveRow,
  removeRow,
  rowsFromMapping,
  statusOptions,
  updateRow,
  type RuleRow,
} from './mapping-table.js';

const row = (match: string, status = 'ok'): RuleRow => ({ key: match, match, status });

describe('status mapping table', () => {
  it('turns rules into rows and back, regexes written /like this/', () => {
    const mapping = {
      rules: [
        { match: 'OK', status: 'ok' },
        { match: { pattern: '^door_.*$' }, status: 'alarm' },
      ],
      custom: [{ name: 'maintenance', label: 'Maintenance', color: '#7e57c2' }],
    };
    const rows = rowsFromMapping(mapping);
    expect(rows.rules.map((r) => r.match)).toEqual(['OK', '/^door_.*$/']);
    expect(mappingFromRows(rows.rules, rows.custom)).toEqual(mapping);
  });

  it('trims plain matches and custom names', () => {
    expect(
      mappingFromRows([row('  2 ', 'warning')], [{ key: 'k', name: ' fire ', label: ' Fire ', color: '#ff0000' }]),
    ).toEqual({
      rules: [{ match: '2', status: 'warning' }],
      custom: [{ name: 'fire', label: 'Fire', color: '#ff0000' }],
    });
  });

  it('adds, removes, updates and reorders rows', () => {
    const rows = [row('a'), row('b'), row('c')];
    expect(moveRow(rows, 0, 1).map((r) => r.match)).toEqual(['b', 'a', 'c']);
    expect(moveRow(rows, 2, 1).map((r) => r.match)).toEqual(['a', 'b', 'c']);
    expect(moveRow(rows, 0, -1).map((r) => r.match)).toEqual(['a', 'b', 'c']);
    expect(removeRow(rows, 1).map((r) => r.match)).toEqual(['a', 'c']);
    expect(updateRow(rows, 1, { status: 'alarm' })[1]).toEqual({ key: 'b', match: 'b', status: 'alarm' });
    expect(rows[1]!.status).toBe('ok');
  });

  it('maps an unmapped value with a new rule, or points at the rule that has it', () => {
    const added = addRuleFor([row('a')], 'door_forced');
    expect(added.index).toBe(1);
    expect(added.rows[1]).toMatchObject({ match: 'door_forced', status: 'unknown' });
    expect(addRuleFor([row('a'), row('b')], 'b')).toMatchObject({ index: 1 });
    expect(addRuleFor([row('/b/')], 'b').index).toBe(1);
  });

  it('offers built-in statuses, then named custom ones', () => {
    const options = statusOptions([
      { key: '1', name: 'maintenance', label: 'Maintenance', color: '#000000' },
      { key: '2', name: '', label: 'Half typed', color: '#000000' },
    ]);
    expect(options.map((o) => o.name)).toEqual(['ok', 'warning', 'alarm', 'offline', 'unknown', 'maintenance']);
  });

  it('derives a valid custom status name from its label', () => {
    expect(customNameFromLabel('Door forced!')).toBe('door-forced');
    expect(customNameFromLabel('2nd shift')).toBe('nd-shift');
    expect(customNameFromLabel('Été')).toBe('ete');
    expect(customNameFromLabel('x'.repeat(40))).toHaveLength(32);
  });
});
