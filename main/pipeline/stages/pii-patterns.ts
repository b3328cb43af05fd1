import type { TextRule } from './secret-patterns.js';
import { CARD_CANDIDATE, CARD_HINT, isCardNumber } from './card-numbers.js';

/**
 * Personal data in free text: email addresses, IP addresses, card numbers. Quantifiers are bounded
 * and every run is anchored by a look-behind, so a 64 KiB line cannot make an expression backtrack
 * quadratically.
 */
export const emailRule: TextRule = {
  hint: (text) => text.includes('@'),
  regex: /(?<![\w.%+-])[\w.%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.){1,8}[A-Za-z]{2,24}(?![\w-])/g,
  replace: () => '<email>',
};

export const cardRule: TextRule = {
  hint: (text) => CARD_HINT.test(text),
  regex: CARD_CANDIDATE,
  replace: (match) => (isCardNumber(match) ? '<card>' : null),
};

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = `(?:${OCTET}\\.){3}${OCTET}`;

export const ipv4Rule: TextRule = {
  hint: (text) => /\d\.\d/.test(text),
  // Not preceded by a word or a dot (so `v1.2.3.4` and longer dotted numbers stay), not followed by more digits.
  // eslint-disable-next-line no-restricted-syntax -- built from the constant IPv4/IPv6 patterns above
  regex: new RegExp(`(?<![\\w.])${IPV4}(?!\\w|\\.\\d)`, 'g'),
  replace: () => '<ip>',
};

const H = '[0-9A-Fa-f]{1,4}';
const IPV6 = [
  `(?:${H}(?::${H}){0,5})?::(?:${H}:){0,5}${IPV4}`,
  `(?:${H}:){6}${IPV4}`,
  `(?:${H}:){7}${H}`,
  `(?:${H}(?::${H}){0,6})?::(?:${H}(?::${H}){0,6})?`,
].join('|');

function hexGroups(match: string): number {
  return match.split(/:+/).filter((part) => part !== '' && !part.includes('.')).length;
}

function hasColons(text: string, n: number): boolean {
  let at = -1;
  for (let i = 0; i < n; i++) {
    at = text.indexOf(':', at + 1);
    if (at < 0) return false;
  }
  return true;
}

export const ipv6Rule: TextRule = {
  hint: (text) => text.includes('::') || (hasColons(text, 7) && /(?:[0-9A-Fa-f]{1,4}:){7}/.test(text)),
  // eslint-disable-next-line no-restricted-syntax -- built from the constant IPv4/IPv6 patterns above
  regex: new RegExp(`(?<![\\w:.])(?:${IPV6})(?![\\w:])`, 'g'),
  replace: (match) => {
    if (!match.includes('::')) return '<ip>';
    // `a::b` style names (C++, Rust paths) are not addresses; a compressed address has at most 7 groups.
    const groups = hexGroups(match);
    const hasV4 = match.includes('.');
    return (groups >= 2 || hasV4) && groups <= (hasV4 ? 5 : 7) ? '<ip>' : null;
  },
};
