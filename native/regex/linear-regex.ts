import RE2 from 're2';

/**
 * Regular expressions that users write (status mappings, classifier and redaction rules, log record
 * starts) run on RE2, whose matching time grows linearly with the input whatever the pattern: no
 * pattern can hold the event loop the way `^(a+)+$` does on a backtracking engine. The price is that
 * RE2 has no backreferences and no lookaround; such patterns are refused with a reason the user can
 * act on, never run on the backtracking engine instead.
 *
 * A pattern must also be valid JavaScript syntax (what the editor and the `/regex/` notation promise),
 * so a pattern is accepted only when both engines accept it; it then runs on RE2 alone.
 */

/** JavaScript's flags that RE2 can honour. `g` and `y` only matter to callers that iterate. */
const FLAGS = /^[gimsuy]*$/u;

/** Why a pattern cannot run, in a sentence that starts after "The pattern …" has been said by the caller. */
export class UnsupportedPatternError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'UnsupportedPatternError';
  }
}

/**
 * RE2's own complaint, put in terms of what the user wrote. RE2 reports the first construct it cannot
 * parse: `invalid escape sequence: \1`, `invalid perl operator: (?=`, `invalid repetition size: {1001}`.
 */
function explain(message: string): string {
  if (/invalid escape sequence: \\(?:[1-9]|k)/u.test(message)) {
    return 'uses a backreference (\\1, \\k<name>), which Outpost cannot run: user patterns run on a linear-time engine (RE2) so that no pattern can stall the server. Rewrite it without the backreference, for example by spelling the repeated part out.';
  }
  if (/invalid perl operator: \(\?<?[=!]/u.test(message)) {
    return 'uses lookahead or lookbehind ((?=…), (?!…), (?<=…), (?<!…)), which Outpost cannot run: user patterns run on a linear-time engine (RE2) so that no pattern can stall the server. Rewrite it without them, for example by matching the surrounding text too.';
  }
  if (/invalid repetition size/u.test(message)) {
    return 'repeats something more than 1000 times ({n} with n above 1000); use a smaller count or * / +.';
  }
  if (/pattern too large/u.test(message)) {
    return 'is too large for the linear-time engine (RE2) once its repetitions are expanded; use fewer or smaller nested counts.';
  }
  return `cannot run on Outpost's linear-time engine (RE2): ${message}.`;
}

function compile(pattern: string, flags: string): RegExp {
  if (typeof pattern !== 'string' || pattern === '') throw new UnsupportedPatternError('must not be empty.');
  if (!FLAGS.test(flags) || new Set(flags).size !== flags.length) {
    throw new UnsupportedPatternError(`has flags "${flags}"; use any of g, i, m, s, u, y, each at most once.`);
  }
  try {
    // Only parsed, never run: V8 compiles the matcher on first use.
    new RegExp(pattern, flags);
  } catch (err) {
    const detail = err instanceof Error ? err.message.replace(/^Invalid regular expression: /u, '') : String(err);
    throw new UnsupportedPatternError(`is not a valid regular expression (${detail}).`);
  }
  try {
    // RE2 is typed as a RegExp and behaves as one for test, exec, replace, split and lastIndex.
    return new RE2(pattern, flags);
  } catch (err) {
    throw new UnsupportedPatternError(explain(err instanceof Error ? err.message : String(err)));
  }
}

/** A user's pattern compiled for linear-time matching. Throws UnsupportedPatternError with the reason. */
export function compileLinearRegex(pattern: string, flags = ''): RegExp {
  return compile(pattern, flags);
}

/** Null when `pattern` can run; otherwise why not (for schema refinements that name the field). */
export function linearRegexProblem(pattern: string, flags = ''): string | null {
  try {
    compile(pattern, flags);
    return null;
  } catch (err) {
    if (err instanceof UnsupportedPatternError) return err.reason;
    throw err;
  }
}

/** Many patterns matched in one pass over the text (RE2::Set). */
export interface LinearRegexSet {
  /** Indexes (into the patterns given) of every pattern that matches `text`, ascending. */
  match(text: string): number[];
}

/**
 * Compiles `patterns` (each already accepted by compileLinearRegex) into one set, so a text is read once
 * whatever the number of patterns: 500 mapping rules cost about one pass per value, not 500. Should the
 * combined program exceed RE2's memory budget, the patterns run one by one (still each linear).
 */
export function compileLinearRegexSet(patterns: readonly string[], flags = ''): LinearRegexSet {
  if (patterns.length === 0) return { match: () => [] };
  try {
    const set = new RE2.Set(patterns, flags);
    return { match: (text) => set.match(text).sort((a, b) => a - b) };
  } catch {
    const each = patterns.map((pattern) => compile(pattern, flags));
    return {
      match: (text) => each.flatMap((re, i) => (re.test(text) ? [i] : [])),
    };
  }
}
