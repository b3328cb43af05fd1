import { describe, expect, it } from 'vitest';
import { ftsQueryOf } from './fts-query.js';

describe('ftsQueryOf', () => {
  it('quotes every word so FTS5 operators and column filters are plain words', () => {
    expect(ftsQueryOf('message:secret OR NEAR(a b) "x')).toBe(
      '"message" OR "secret" OR "or" OR "near" OR "a" OR "b" OR "x"',
    );
  });

  it('keeps letters and digits of any script, drops duplicates, and gives null for no words', () => {
    expect(ftsQueryOf('Caméra 12 caméra')).toBe('"caméra" OR "12"');
    expect(ftsQueryOf('*** ()" ^')).toBeNull();
  });
});
