/**
 * Masking: the variable parts of a log line that are recognisable on their own (numbers, addresses,
 * ids, paths, quoted strings…) are replaced by `<*>` before the parse tree sees the line, so the tree
 * only has to discover the variables that no general rule can spot.
 *
 * All rules run as ONE regular expression with one alternative per rule: a single left-to-right
 * pass is faster than one pass per rule, and it keeps the masked values in message order, which is
 * what lets a match hand back the original text of every `<*>` as its params.
 *
 * The rules are general (what these things look like anywhere), never tuned to one system's logs.
 */

export const WILDCARD = '<*>';

export interface ExtraMask {
  name: string;
  pattern: string;
}

/** Characters that may not touch a masked number or hex run (it would be part of a word then). */
const ALNUM_BEFORE = '(?<![A-Za-z0-9])';
const ALNUM_AFTER = '(?![A-Za-z0-9])';
const HEX4 = '[0-9A-Fa-f]{1,4}';

/** Day and month names as dates write them: Mon, Monday, MON; Jun, June, JUN, Sept. */
const WEEKDAY =
  '(?:Mon(?:day)?|Tue(?:s|sday)?|Wed(?:nesday)?|Thu(?:r|rs|rsday)?|Fri(?:day)?|Sat(?:urday)?|Sun(?:day)?|MON|TUE|WED|THU|FRI|SAT|SUN)';
const MONTH =
  '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t|tember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?' +
  '|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)';
const CLOCK = '\\d{1,2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?(?:\\s?[AaPp][Mm])?';
const ZONE = '(?:\\s(?:GMT|UTC|Z|[+-]\\d{2}:?\\d{2}|[A-Z]{3,4}(?=\\s\\d{4})))';
/**
 * A date written with a month name, with or without the weekday, day, year, time and zone, in the
 * orders logs use: `Fri Jun 17 07:07:00 2005`, `Jun 17 07:07:00`, `Mon, 17 Jun 2005 07:07:00 GMT`,
 * `17/Jun/2005:07:07:00 +0000`, `June 17, 2005`. The whole date is one value, so lines written on
 * different days (another weekday, another month) keep one template. A month name alone is a word.
 */
const WRITTEN_DATE =
  `\\b(?:${WEEKDAY},?\\s+)?` +
  `(?:${MONTH}\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s+\\d{4}(?![\\d:]))?` +
  `|\\d{1,2}(?:\\s+|[-/])${MONTH}(?:,?(?:\\s+|[-/])\\d{4})?)` +
  `(?:(?:\\s+|:|,\\s*)${CLOCK})?${ZONE}?(?:\\s+\\d{4})?${ALNUM_AFTER}`;

/**
 * The rules, in priority order: where two rules match at the same position the earlier wins, so
 * the specific shapes (URL, UUID, IP, date) come before the generic ones (path, hex, number).
 */
export const MASK_RULES: readonly ExtraMask[] = [
  // A literal `<*>` in the input is kept as a masked value so that params stay aligned.
  { name: 'wildcard', pattern: '<\\*>' },
  // A value an earlier stage already replaced by a placeholder (the pipeline's redaction writes
  // `<ip>`, `<email>`, `<card>`…): it is a value like any other, with its port like an address.
  { name: 'placeholder', pattern: `${ALNUM_BEFORE}<[A-Za-z][\\w-]{0,30}>(?::\\d{1,5})?${ALNUM_AFTER}` },
  { name: 'url', pattern: '\\b[A-Za-z][A-Za-z0-9+.-]*://[^\\s"\'<>]+' },
  { name: 'email', pattern: '\\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}\\b' },
  {
    name: 'uuid',
    pattern: '\\b[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\\b',
  },
  { name: 'mac', pattern: `${ALNUM_BEFORE}(?:[0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}${ALNUM_AFTER}` },
  {
    name: 'ipv6',
    pattern:
      `\\[?(?<![\\w:])(?:(?:${HEX4}:){7}${HEX4}|(?:${HEX4}(?::${HEX4})*)?::(?:${HEX4}(?::${HEX4})*)?)` +
      `(?:%\\w+)?(?![\\w:])(?:\\](?::\\d+)?)?`,
  },
  { name: 'ipv4', pattern: `${ALNUM_BEFORE}\\d{1,3}(?:\\.\\d{1,3}){3}(?::\\d{1,5})?${ALNUM_AFTER}` },
  { name: 'written-date', pattern: WRITTEN_DATE },
  {
    name: 'datetime',
    pattern:
      `${ALNUM_BEFORE}\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}` +
      `(?:[T ,_-]?\\d{1,2}[:.]\\d{2}(?:[:.]\\d{2}(?:[.,]\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?${ALNUM_AFTER}`,
  },
  {
    // Day, month and year in numbers (the order varies by locale; all three are one value either way).
    name: 'numeric-date',
    pattern:
      `${ALNUM_BEFORE}(?:\\d{1,2}/\\d{1,2}/\\d{4}|\\d{1,2}\\.\\d{1,2}\\.\\d{4}|\\d{1,2}-\\d{1,2}-\\d{4})` +
      `(?:[T ,_-]?\\d{1,2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?)?${ZONE}?${ALNUM_AFTER}`,
  },
  { name: 'time', pattern: `${ALNUM_BEFORE}\\d{1,2}:\\d{2}:\\d{2}(?:[.,]\\d+)?${ALNUM_AFTER}` },
  { name: 'double-quoted', pattern: '"(?:[^"\\\\\\n]|\\\\.)*"' },
  // An apostrophe inside a word ("don't") is not a quote: a quote starts after a non-letter.
  { name: 'single-quoted', pattern: `${ALNUM_BEFORE}'[^'\\s][^'\\n]*'${ALNUM_AFTER}` },
  // A path in brackets may hold spaces (`(C:\\Program Files\\App)`, `[/Users/Jane Doe/notes]`): it
  // runs to the closing bracket.
  {
    name: 'bracketed-path',
    pattern: '(?<=\\()(?:[A-Za-z]:\\\\|~?/)[^()\\n]*(?=\\))|(?<=\\[)(?:[A-Za-z]:\\\\|~?/)[^\\[\\]\\n]*(?=\\])',
  },
  // Windows paths and paths from the root or home: at least one name after the slash.
  { name: 'path', pattern: '(?<![\\w./~-])(?:[A-Za-z]:\\\\|~?/)[\\w.@%+$~-]+(?:[/\\\\][\\w.@%+$~-]*)*' },
  // key=value: the key stays (it names the field), the value goes.
  { name: 'key-value', pattern: '\\b[A-Za-z_][\\w.-]*=(?=[^\\s,;)\\]}])' },
  { name: 'hex-prefixed', pattern: `${ALNUM_BEFORE}0[xX][0-9A-Fa-f]+${ALNUM_AFTER}` },
  // Bare hex (hashes, addresses): long enough and with a digit, so plain words made of a–f stay.
  { name: 'hex', pattern: `${ALNUM_BEFORE}(?=[A-Fa-f]*\\d)[0-9A-Fa-f]{8,}${ALNUM_AFTER}` },
  // Numbers, with a sign when the sign does not join two words (blk_-123 yes, node-12 keeps its dash),
  // decimals and version dots, and a short unit (40000ms, 12KB, 95%).
  {
    name: 'number',
    pattern: `${ALNUM_BEFORE}(?:(?<![A-Za-z0-9.])[-+])?\\d+(?:[.,]\\d+)*(?:[A-Za-z]{1,3}|%)?${ALNUM_AFTER}`,
  },
];

const KEY_VALUE_RULE = MASK_RULES.find((rule) => rule.name === 'key-value')!;

/**
 * The only built-in rules that can match at a position right after a letter or digit: every other
 * rule starts with a word character behind `\b` or a look-behind that refuses a letter or digit
 * before it. Most positions of a line are inside words, and the one combined regex tried all rules
 * at each of them (the largest single cost of mining in a profile); split at that look-behind, such
 * a position tries these four, in the same order, so every match is the one the full list makes.
 * masking.test.ts checks the two forms agree on every line of the LogHub samples.
 */
const AFTER_ALNUM_RULES = MASK_RULES.filter((rule) =>
  ['wildcard', 'email', 'ipv6', 'double-quoted'].includes(rule.name),
);

/** A compiled masker: every rule as one alternative of one regex. */
export interface Masker {
  regex: RegExp;
  /**
   * The capture group of the key-value rule, the only one the built-in rules capture. A numbered
   * group rather than a named one: reading `match.groups` builds an object per match, which showed
   * up in profiles.
   */
  keyValueGroup: number;
}

export interface MaskedMessage {
  masked: string;
  /** The original text of every `<*>` in `masked`, in order. */
  values: string[];
}

export function compileMasker(extraMasks: readonly ExtraMask[] = []): Masker {
  // Extra masks come first: an operator who names a pattern means it to win.
  const rules = [...extraMasks, ...MASK_RULES];
  for (const rule of extraMasks) {
    try {
      // eslint-disable-next-line no-restricted-syntax -- built-in masks (extra masks come from code, not users)
      new RegExp(rule.pattern);
    } catch (error) {
      throw new Error(`extra mask "${rule.name}" has an invalid pattern: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  // Capture groups inside extra masks come before the key-value rule's group and shift its number.
  const extraGroups = extraMasks.reduce(
    // eslint-disable-next-line no-restricted-syntax -- built-in masks (extra masks come from code, not users)
    (sum, rule) => sum + new RegExp(`(?:${rule.pattern})|`).exec('')!.length - 1,
    0,
  );
  const alternatives = (list: readonly ExtraMask[]) =>
    list.map((rule) => (rule === KEY_VALUE_RULE ? `(${rule.pattern})` : `(?:${rule.pattern})`)).join('|');
  // Without extra masks (whose patterns say nothing about where they may start), positions inside
  // a word only try the rules that can start there; see AFTER_ALNUM_RULES.
  const source =
    extraMasks.length > 0
      ? alternatives(rules)
      : `(?<![A-Za-z0-9])(?:${alternatives(rules)})|(?<=[A-Za-z0-9])(?:${alternatives(AFTER_ALNUM_RULES)})`;
  // eslint-disable-next-line no-restricted-syntax -- built-in masks (extra masks come from code, not users)
  return { regex: new RegExp(source, 'g'), keyValueGroup: extraGroups + 1 };
}

/**
 * Masks a message and returns the masked text with the original values. The key-value rule
 * matches only `key=` (the value is found here) so that a value that is itself an IP or a path
 * stays one value.
 */
export function maskWithValues(message: string, masker: Masker): MaskedMessage {
  const values: string[] = [];
  const { regex, keyValueGroup } = masker;
  let out = '';
  let last = 0;
  regex.lastIndex = 0;
  for (let m = regex.exec(message); m !== null; m = regex.exec(message)) {
    const start = m.index;
    const text = m[0];
    if (text.length === 0) {
      regex.lastIndex++;
      continue;
    }
    if (m[keyValueGroup] !== undefined) {
      let end = start + text.length;
      while (end < message.length && !VALUE_END.has(message.charCodeAt(end))) end++;
      out += message.slice(last, start) + text + WILDCARD;
      values.push(message.slice(start + text.length, end));
      last = end;
      regex.lastIndex = end;
      continue;
    }
    out += message.slice(last, start) + WILDCARD;
    values.push(text);
    last = start + text.length;
  }
  return { masked: last === 0 ? message : out + message.slice(last), values };
}

/** Where a key=value's value ends: whitespace or a closing/separating punctuation mark. */
const VALUE_END = new Set([...' \t\r\n,;)]}'].map((c) => c.charCodeAt(0)));

const defaultMasker = compileMasker();

export function maskMessage(message: string, extraMasks?: readonly ExtraMask[]): string {
  const masker = extraMasks && extraMasks.length > 0 ? compileMasker(extraMasks) : defaultMasker;
  return maskWithValues(message, masker).masked;
}
