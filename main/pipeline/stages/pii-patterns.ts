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

/**
 * Phone numbers written as people write them: international (`+44 20 7946 0958`, `+1-555-010-0199`)
 * or North American with a separator (`(555) 010-0199`, `555-010-0199`, `555.010.0199`). Plain digit
 * runs, dates (`2024-01-15`), times and version numbers are left alone; a match must hold 7–15 digits.
 */
export const phoneRule: TextRule = {
  hint: (text) => /\d[ .-]?\d{3}[ .-]\d{4}|\+\d/.test(text),
  regex:
    /(?<![\w+.:/-])(?:\+\d{1,3}(?:[ .-]?\(?\d{1,4}\)?){2,5}|\(\d{3}\) ?\d{3}[ .-]\d{4}|\d{3}([.-])\d{3}\1\d{4})(?![\w.:-]*\d)/g,
  replace: (match) => {
    const digits = match.replace(/\D/g, '').length;
    return digits >= 7 && digits <= 15 ? '<phone>' : null;
  },
};

/** MAC addresses (`00:1a:2b:3c:4d:5e`, `00-1A-2B-3C-4D-5E`): a device's address, like an IP address. */
export const macRule: TextRule = {
  hint: (text) => /[0-9A-Fa-f]{2}[:-][0-9A-Fa-f]{2}[:-]/.test(text),
  regex: /(?<![\w:-])[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}(?![\w:-])/g,
  replace: () => '<mac>',
};
