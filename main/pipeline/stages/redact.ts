import { compileLinearRegex } from '../../../native/regex/index.js';
import { OutpostError, type FieldIssue } from '../../contract/index.js';
import type { NormalizedEvent } from './normalize.js';
import { cardRule, emailRule, ipv4Rule, ipv6Rule, macRule, phoneRule } from './pii-patterns.js';
import { SECRET_ATTRIBUTE_NAME, SECRET_RULES, type TextRule } from './secret-patterns.js';

/**
 * A user's own pattern (Settings): a regular expression in JavaScript syntax, run on the linear-time
 * engine (no backreferences or lookaround), and what replaces its matches.
 */
export interface RedactionPattern {
  name: string;
  pattern: string;
  /** Any of `i`, `m`, `s`, `u`; `g` is implied. */
  flags?: string;
  /** Literal text put in place of each match; `<name>` when absent. */
  replacement?: string;
}

export const BUILTIN_REDACTIONS = ['secrets', 'email', 'card', 'phone', 'ipv6', 'ipv4', 'mac'] as const;
export type BuiltinRedaction = (typeof BUILTIN_REDACTIONS)[number];

/**
 * What a source chooses (its `redaction` setting): secrets are always redacted; `personal` (e-mail
 * addresses, card and phone numbers) is on by default; `network` (device addresses: IP and MAC) is
 * off by default, because operators need to see which device a line is about.
 */
export const REDACTION_CATEGORIES = {
  personal: ['email', 'card', 'phone'],
  network: ['ipv6', 'ipv4', 'mac'],
} as const satisfies Record<string, readonly BuiltinRedaction[]>;

export interface RedactionChoice {
  personal: boolean;
  network: boolean;
}

/** The built-ins a source's choice leaves out (secrets never). */
export function builtinsOff(choice: RedactionChoice): BuiltinRedaction[] {
  return [
    ...(choice.personal ? [] : REDACTION_CATEGORIES.personal),
    ...(choice.network ? [] : REDACTION_CATEGORIES.network),
  ];
}

export type RedactedEvent = NormalizedEvent & { redactions: Record<string, number> };
export type Redactor = (event: NormalizedEvent) => RedactedEvent;
/** Redacts the event's message and attributes where they are; returns how many of each kind it replaced. */
export type RedactInPlace = (event: NormalizedEvent) => Record<string, number>;

export interface RedactorOptions {
  patterns?: RedactionPattern[];
  disable?: string[];
  /** A source's choice of categories (secrets are always on); all built-ins when absent. */
  choice?: RedactionChoice;
}

interface NamedRule {
  name: string;
  rules: readonly TextRule[];
}

/** Secrets first (a token may contain digits or an @), IPv6 before IPv4 (`::ffff:10.0.0.1`). */
const BUILTIN_RULES: Record<BuiltinRedaction, readonly TextRule[]> = {
  secrets: SECRET_RULES,
  email: [emailRule],
  card: [cardRule],
  phone: [phoneRule],
  ipv6: [ipv6Rule],
  ipv4: [ipv4Rule],
  mac: [macRule],
};

function compileUserPattern(p: RedactionPattern, index: number, taken: Set<string>): NamedRule {
  const issues: FieldIssue[] = [];
  const at = `patterns.${index}`;
  const name = typeof p.name === 'string' ? p.name.trim() : '';
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(name)) {
    issues.push({ path: `${at}.name`, message: 'Must be 1-40 letters, digits, _ or -' });
  } else if (taken.has(name)) {
    issues.push({ path: `${at}.name`, message: `"${name}" is already used; give each pattern its own name` });
  }
  const flags = p.flags ?? '';
  if (!/^[imsu]*$/.test(flags) || new Set(flags).size !== flags.length) {
    issues.push({ path: `${at}.flags`, message: 'Must be a combination of i, m, s and u (each at most once)' });
  }
  let regex: RegExp | null = null;
  if (typeof p.pattern !== 'string' || p.pattern === '' || p.pattern.length > 1000) {
    issues.push({ path: `${at}.pattern`, message: 'Must be a regular expression of 1-1000 characters' });
  } else if (issues.length === 0) {
    try {
      regex = compileLinearRegex(p.pattern, `${flags}g`);
    } catch (err) {
      issues.push({ path: `${at}.pattern`, message: `The pattern ${(err as Error).message}` });
    }
    if (regex && compileLinearRegex(p.pattern, flags).test('')) {
      issues.push({ path: `${at}.pattern`, message: 'Matches empty text; it must match at least one character' });
    }
  }
  if (issues.length > 0 || !regex) {
    const list = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    throw new OutpostError('invalid_input', `Redaction pattern "${name || index}" is invalid: ${list}`, { issues });
  }
  taken.add(name);
  const replacement = p.replacement ?? `<${name}>`;
  return { name, rules: [{ hint: () => true, regex, replace: () => replacement }] };
}

/**
 * One rule over a text by `exec` rather than `String.replace` with a callback: the callback's
 * argument list (spread, searched for the offset, sliced into groups) cost two thirds of redaction
 * (issue 11). Texts without a match are returned as they are.
 */
function replaceMatches(text: string, rule: TextRule, name: string, counts: Record<string, number>): string {
  const { regex } = rule;
  regex.lastIndex = 0;
  let out = '';
  let copied = 0;
  for (let found = regex.exec(text); found !== null; found = regex.exec(text)) {
    const match = found[0];
    // An empty match replaces nothing; step over it as String.replace would.
    if (match === '') {
      regex.lastIndex++;
      continue;
    }
    const replacement = rule.replace(match, found);
    if (replacement === null) continue;
    counts[name] = (counts[name] ?? 0) + 1;
    out += text.slice(copied, found.index) + replacement;
    copied = found.index + match.length;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

function redactText(text: string, rules: readonly NamedRule[], counts: Record<string, number>): string {
  let out = text;
  for (const { name, rules: list } of rules) {
    for (const rule of list) {
      if (rule.hint(out)) out = replaceMatches(out, rule, name, counts);
    }
  }
  return out;
}

/**
 * Builds the redaction stage: the given patterns (run first), then the built-in ones not disabled.
 * Invalid patterns are rejected here, once, with OutpostError `invalid_input` naming the pattern.
 * Applies to the message and, deeply, to every string in the attributes; values of attributes named
 * like secrets (`password`, `apiKey`, `x-auth-token`…) are replaced whatever they look like.
 */
export function createInPlaceRedactor(options: RedactorOptions = {}): RedactInPlace {
  const disabled = new Set(options.disable ?? []);
  const unknown = [...disabled].filter((n) => !(BUILTIN_REDACTIONS as readonly string[]).includes(n));
  if (unknown.length > 0) {
    throw new OutpostError(
      'invalid_input',
      `Unknown built-in redaction ${unknown.map((n) => `"${n}"`).join(', ')}; the built-ins are ${BUILTIN_REDACTIONS.join(', ')}`,
      { issues: [{ path: 'disable', message: `Must be among ${BUILTIN_REDACTIONS.join(', ')}` }] },
    );
  }
  const taken = new Set<string>(BUILTIN_REDACTIONS);
  const rules: NamedRule[] = (options.patterns ?? []).map((p, i) => compileUserPattern(p, i, taken));
  const off = new Set<string>(options.choice ? builtinsOff(options.choice) : []);
  for (const name of BUILTIN_REDACTIONS) {
    if (!disabled.has(name) && !off.has(name)) rules.push({ name, rules: BUILTIN_RULES[name] });
  }
  const secretNames = !disabled.has('secrets');

  function redactValue(value: unknown, key: string | null, counts: Record<string, number>): unknown {
    if (secretNames && key !== null && SECRET_ATTRIBUTE_NAME.test(key)) {
      if ((typeof value === 'string' && value !== '' && value !== '<secret>') || typeof value === 'number') {
        counts.secrets = (counts.secrets ?? 0) + 1;
        return '<secret>';
      }
    }
    if (typeof value === 'string') return redactText(value, rules, counts);
    if (Array.isArray(value)) return value.map((item) => redactValue(item, null, counts));
    if (typeof value === 'object' && value !== null) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = redactValue(v, k, counts);
      return out;
    }
    return value;
  }

  const redact: RedactInPlace = (event) => {
    const counts: Record<string, number> = {};
    event.message = redactText(event.message, rules, counts);
    // Most events carry no attributes: copy only when there is something to look at.
    if (Object.keys(event.attributes).length > 0) {
      event.attributes = redactValue(event.attributes, null, counts) as Record<string, unknown>;
    }
    return counts;
  };
  return redact;
}

/**
 * The redaction stage as a new event with its counts (`redactions`); the event given is left as it
 * was. Patterns and errors as for createInPlaceRedactor.
 */
export function createRedactor(options: RedactorOptions = {}): Redactor {
  const redact = createInPlaceRedactor(options);
  return (event) => {
    const copy = { ...event, redactions: {} };
    copy.redactions = redact(copy);
    return copy;
  };
}
