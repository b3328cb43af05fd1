import { replaceUnsafeText, type ReplacedText } from '../../contract/index.js';

/**
 * Cleaning of free text from sources before it is stored. Events cannot be refused for their text
 * without losing them, so what the contract's text rule refuses elsewhere (controls, bidi
 * overrides and isolates, lone surrogates) is replaced here by U+FFFD and counted; terminal colour
 * codes are formatting, not content, and go; line structure in messages (stack traces) is kept.
 */

/** ANSI/VT escape sequences (CSI such as colours `ESC[31m`, and two-character escapes). */
// eslint-disable-next-line no-control-regex
const ANSI_ESCAPE = /\u001B(?:\[[0-?]*[ -/]*[@-~]|[@-Z\\-_])/g;
const CARRIAGE_RETURN = /\r\n?/g;
/** Line breaks and tabs inside one-line fields: spacing, not content. */
const LINE_SPACING = /[\t\n\r\u2028\u2029]+/g;

function withoutEscapes(text: string): string {
  return text.includes('\u001B') ? text.replace(ANSI_ESCAPE, '') : text;
}

/** Keeps \n and \t; turns \r\n and lone \r into \n; replaces what the text rule refuses; trims. */
export function cleanMessage(text: string): ReplacedText {
  let out = withoutEscapes(text);
  if (out.includes('\r')) out = out.replace(CARRIAGE_RETURN, '\n');
  const cleaned = replaceUnsafeText(out);
  return { text: cleaned.text.trim(), replaced: cleaned.replaced };
}

/** For one-line fields (device, label, ids): line breaks and tabs become spaces, the rest as in messages. */
export function cleanLine(text: string): ReplacedText {
  const cleaned = replaceUnsafeText(withoutEscapes(text).replace(LINE_SPACING, ' '));
  return { text: cleaned.text.trim(), replaced: cleaned.replaced };
}

/** Attribute names and string values, at any depth, cleaned like messages; returns how many characters were replaced. */
export function cleanAttributes(value: Record<string, unknown>): { value: Record<string, unknown>; replaced: number } {
  let replaced = 0;
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') {
      const cleaned = replaceUnsafeText(node);
      replaced += cleaned.replaced;
      return cleaned.text;
    }
    if (Array.isArray(node)) return node.map(walk);
    if (typeof node !== 'object' || node === null) return node;
    // fromEntries defines own properties, so a key named __proto__ stays a plain key.
    return Object.fromEntries(Object.entries(node).map(([key, inner]) => [walk(key), walk(inner)]));
  };
  return { value: walk(value) as Record<string, unknown>, replaced };
}

/** Whether `text` fits in `maxBytes` of UTF-8, without encoding it when the answer is obvious. */
export function fitsUtf8(text: string, maxBytes: number): boolean {
  if (text.length * 3 <= maxBytes) return true;
  if (text.length > maxBytes) return false;
  return Buffer.byteLength(text, 'utf8') <= maxBytes;
}
