import { describe, expect, it } from 'vitest';
import { checkSelectQuery } from './query-guard.js';
import { toMillis, toSeverity } from './row-mapping.js';

describe('row mapping', () => {
  it('reads level words and syslog codes as severities', () => {
    expect(['FATAL', 'Error', 'warn', 'NOTICE', 'info', 'trace', 3, '6', 'banana'].map(toSeverity)).toEqual([
      'critical', 'error', 'warning', 'notice', 'info', 'debug', 'error', 'info', undefined,
    ]); // prettier-ignore
  });

  it('reads PostgreSQL timestamp text with and without a zone', () => {
    expect(toMillis('2026-11-23 12:00:01.5+00')).toBe(Date.parse('2026-11-23T12:00:01.500Z'));
    expect(toMillis('2026-11-23 14:00:01.000001+02')).toBe(Date.parse('2026-11-23T12:00:01.000Z'));
    expect(toMillis('2026-11-23 12:00:01+05:30')).toBe(Date.parse('2026-11-23T06:30:01Z'));
    expect(toMillis('2026-11-23 12:00:01')).toBe(Date.parse('2026-11-23T12:00:01Z'));
    expect(toMillis('not a time')).toBeUndefined();
  });
});

describe('checkSelectQuery', () => {
  it.each([
    ['SELECT id, msg FROM t WHERE id > $1 ORDER BY id LIMIT $2', undefined],
    ['with x as (select * from t) select * from x where id > $1 limit $2;', undefined],
    ['SELECT \';\' AS s, "delete" FROM t WHERE id > $1 LIMIT $2 -- ; drop', undefined],
    ['SELECT $$;$$ FROM t WHERE id > $1 LIMIT $2', undefined],
    ['UPDATE t SET a = 1 WHERE id > $1 AND $2 > 0', 'must be a SELECT'],
    ['SELECT 1 WHERE $1 > 0 LIMIT $2; SELECT 2', 'single statement'],
    ['SELECT * FROM t WHERE id > $1 LIMIT $2 AND $3', 'only use the parameters'],
    ["SELECT 'open FROM t WHERE id > $1 LIMIT $2", 'unclosed'],
  ])('%s', (query, problem) => {
    const result = checkSelectQuery(query);
    if (problem === undefined) expect(result).toBeUndefined();
    else expect(result).toContain(problem);
  });
});
