import { describe, expect, it } from 'vitest';
import { compileLinearRegex, linearRegexProblem, UnsupportedPatternError } from './index.js';

/**
 * The classic catastrophic patterns with inputs that make a backtracking engine try every way to split
 * the text (2^n and worse); on RE2 each is one linear pass. Were one of them run by V8 instead, this
 * file would not finish at all.
 */
const CATASTROPHIC: [pattern: string, input: string, matches: boolean][] = [
  ['^(a+)+$', `${'a'.repeat(50_000)}!`, false],
  ['(a|aa)+$', `${'a'.repeat(50_000)}!`, false],
  ['(a|a)*b', 'a'.repeat(50_000), false],
  ['(.*a){25}', `${'a'.repeat(24)}${'b'.repeat(5_000)}`, false],
  ['(x+x+)+y', 'x'.repeat(50_000), false],
  ['^(\\w+\\s?)*$', `${'word '.repeat(10_000)}!`, false],
  [
    '^([a-zA-Z0-9])(([\\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$',
    `${'a'.repeat(50_000)}!`,
    false,
  ],
];

describe('compileLinearRegex', () => {
  it.each(CATASTROPHIC)('runs %s on a long hostile input and gives the right answer', (pattern, input, matches) => {
    expect(compileLinearRegex(pattern, 'i').test(input)).toBe(matches);
  });

  it('keeps JavaScript semantics for what both engines run: flags, groups, replace with a function', () => {
    expect(compileLinearRegex('^door', 'i').test('DOOR forced')).toBe(true);
    expect(compileLinearRegex('^b$', 'm').test('a\nb\nc')).toBe(true);
    expect(compileLinearRegex('a.b', 's').test('a\nb')).toBe(true);
    expect(compileLinearRegex('a.b').test('a\nb')).toBe(false);
    const named = compileLinearRegex('(?<unit>P\\d+)-(\\w+)').exec('pump P12-fault');
    expect(named?.groups?.unit).toBe('P12');
    expect(named?.[2]).toBe('fault');
    expect(named?.index).toBe(5);
    const replaced = 'id=4 id=55'.replace(compileLinearRegex('id=(\\d+)', 'g'), (_m, digits: string) => `#${digits}`);
    expect(replaced).toBe('#4 #55');
    expect('a1b22c'.split(compileLinearRegex('\\d+'))).toEqual(['a', 'b', 'c']);
  });

  it('refuses backreferences and lookaround with a reason that says what to do', () => {
    for (const pattern of ['(a)\\1', '(?<w>a)\\k<w>']) {
      expect(linearRegexProblem(pattern)).toMatch(/^uses a backreference .*linear-time engine \(RE2\).*Rewrite it/u);
    }
    for (const pattern of ['(?=a)b', 'a(?!b)', '(?<=a)b', '(?<!a)b']) {
      expect(linearRegexProblem(pattern)).toMatch(/^uses lookahead or lookbehind .*Rewrite it/u);
    }
    expect(() => compileLinearRegex('(a)\\1')).toThrow(UnsupportedPatternError);
  });

  it('refuses what JavaScript cannot parse, repetitions RE2 cannot hold, empty patterns and odd flags', () => {
    expect(linearRegexProblem('(unclosed')).toMatch(/^is not a valid regular expression \(/u);
    // RE2 would take this one, but it is not JavaScript: the `/regex/` notation promises JavaScript syntax.
    expect(linearRegexProblem('(?i)abc')).toMatch(/^is not a valid regular expression/u);
    expect(linearRegexProblem('a{1001}')).toMatch(/more than 1000 times/u);
    expect(linearRegexProblem('((a{1000}){1000}){1000}')).not.toBeNull();
    expect(linearRegexProblem('')).toBe('must not be empty.');
    expect(linearRegexProblem('a', 'x')).toMatch(/flags "x"/u);
    expect(linearRegexProblem('a', 'ii')).toMatch(/flags "ii"/u);
    expect(linearRegexProblem('^(a+)+$', 'i')).toBeNull();
  });
});
