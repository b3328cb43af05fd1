import { compileLinearRegex, compileLinearRegexSet, type LinearRegexSet } from '../../native/regex/index.js';
import { NORMALISED_STATUSES, type StatusMapping } from '../contract/index.js';

/** A mapping's answer for one raw value: a status name, and whether a rule (or the name itself) mapped it. */
export interface MappedStatus {
  /** A normalised status or the name of a custom one. */
  status: string;
  /** False when nothing matched (status is then `unknown`). */
  mapped: boolean;
}

interface CompiledMapping {
  exact: Map<string, { index: number; status: string }>;
  /** Pattern rules that can run, in rule order; `set` answers with indexes into this list. */
  patterns: { index: number; status: string }[];
  set: LinearRegexSet;
  known: Set<string>;
  /** Answers by raw text: a source reports the same few values over and over. */
  answers: Map<string, MappedStatus>;
}

/** Compiled mappings kept (by content), and answers kept per mapping: both bounded. */
const MAX_MAPPINGS = 64;
const MAX_ANSWERS = 10_000;

// By object first (a release's manifest, a cached answer), then by content: the status service reads the
// integration row again on every ask, and a 500-rule set takes tens of milliseconds to build.
const byObject = new WeakMap<StatusMapping, CompiledMapping>();
const byContent = new Map<string, CompiledMapping>();

function runnable(pattern: string): boolean {
  try {
    compileLinearRegex(pattern, 'i');
    return true;
  } catch {
    return false;
  }
}

function compile(mapping: StatusMapping): CompiledMapping {
  const known = byObject.get(mapping);
  if (known) return known;
  const key = JSON.stringify([mapping.rules, mapping.custom.map((s) => s.name)]);
  let c = byContent.get(key);
  if (!c) {
    const exact = new Map<string, { index: number; status: string }>();
    const patterns: CompiledMapping['patterns'] = [];
    const sources: string[] = [];
    for (const [index, rule] of mapping.rules.entries()) {
      if (typeof rule.match === 'string') {
        const text = rule.match.trim().toLowerCase();
        if (!exact.has(text)) exact.set(text, { index, status: rule.status });
      } else if (runnable(rule.match.pattern)) {
        // A rule saved before patterns ran on RE2 may use what RE2 cannot run: it then matches nothing
        // (its values show as unmapped) until someone saves the mapping again, which names the rule.
        patterns.push({ index, status: rule.status });
        sources.push(rule.match.pattern);
      }
    }
    c = {
      exact,
      patterns,
      set: compileLinearRegexSet(sources, 'i'),
      known: new Set([...NORMALISED_STATUSES, ...mapping.custom.map((s) => s.name)]),
      answers: new Map(),
    };
    if (byContent.size >= MAX_MAPPINGS) byContent.delete(byContent.keys().next().value!);
    byContent.set(key, c);
  }
  byObject.set(mapping, c);
  return c;
}

/**
 * Rules in order, first match wins; a text that already names a status maps to it; anything else is
 * unknown. Every pattern rule is tried in one pass over the text (an RE2 set), so the cost per value does
 * not grow with the number of rules.
 */
export function matchStatus(mapping: StatusMapping, text: string): MappedStatus {
  const c = compile(mapping);
  const remembered = c.answers.get(text);
  if (remembered) return remembered;
  const key = text.toLowerCase();
  const exact = c.exact.get(key);
  const first = c.set.match(text)[0];
  const pattern = first === undefined ? undefined : c.patterns[first]!;
  let answer: MappedStatus;
  if (pattern !== undefined && (exact === undefined || pattern.index < exact.index)) {
    answer = { status: pattern.status, mapped: true };
  } else if (exact !== undefined) {
    answer = { status: exact.status, mapped: true };
  } else if (c.known.has(key)) {
    // "OK", "Offline", or a custom status name: already normalised, no rule needed.
    answer = { status: key, mapped: true };
  } else {
    answer = { status: 'unknown', mapped: false };
  }
  if (c.answers.size >= MAX_ANSWERS) c.answers.clear();
  c.answers.set(text, answer);
  return answer;
}
