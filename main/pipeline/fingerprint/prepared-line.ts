/**
 * A line as the miner compares it: masked, split into tokens, each token's kind, and the original
 * text of every masked value. A run of value tokens (`1 2 3`, `blk_<*> blk_<*>`, a hex dump) becomes
 * one `<*>`: a list of values is one variable whatever its length, so lines that list three items
 * and lines that list thirty keep one template.
 */
import type { Masker } from './masking.js';
import { maskWithValues, WILDCARD } from './masking.js';
import { tokenKinds, VALUE, WILD } from './token-kinds.js';
import { countWildcards, restoreToken, tokenize } from './tokens.js';

export interface PreparedLine {
  tokens: string[];
  kinds: Uint8Array;
  /** Per token: '1' when whitespace preceded it, '0' when it was glued on. */
  spacing: string;
  /** The original text of every `<*>` in the tokens, in order. */
  values: string[];
}

export function prepareLine(message: string, masker: Masker): PreparedLine {
  const { masked, values } = maskWithValues(message, masker);
  const { tokens, spacing } = tokenize(masked);
  const kinds = tokenKinds(tokens);
  const line = { tokens, kinds, spacing, values };
  return hasValueRun(kinds, spacing) ? collapseRuns(line) : line;
}

const isValue = (kind: number) => kind === VALUE || kind === WILD;

function hasValueRun(kinds: Uint8Array, spacing: string): boolean {
  for (let i = 1; i < kinds.length; i++) {
    if (isValue(kinds[i]!) && isValue(kinds[i - 1]!) && spacing.charCodeAt(i) === 49) return true;
  }
  return false;
}

/** Joins each run of whitespace-separated value tokens into one `<*>` holding the run's text. */
function collapseRuns(line: PreparedLine): PreparedLine {
  const { tokens, kinds, spacing, values } = line;
  const outTokens: string[] = [];
  const outKinds: number[] = [];
  let outSpacing = '';
  const outValues: string[] = [];
  let next = 0;
  for (let i = 0; i < tokens.length;) {
    let end = i + 1;
    if (isValue(kinds[i]!)) while (end < tokens.length && isValue(kinds[end]!) && spacing[end] === '1') end++;
    if (end - i === 1) {
      const masks = countWildcards(tokens[i]!);
      for (let k = 0; k < masks; k++) outValues.push(values[next++] ?? '');
      outTokens.push(tokens[i]!);
      outKinds.push(kinds[i]!);
    } else {
      const parts: string[] = [];
      for (let j = i; j < end; j++) {
        const restored = restoreToken(tokens[j]!, values, next);
        next = restored.next;
        parts.push(restored.text);
      }
      outValues.push(parts.join(' '));
      outTokens.push(WILDCARD);
      outKinds.push(WILD);
    }
    outSpacing += spacing[i];
    i = end;
  }
  return { tokens: outTokens, kinds: Uint8Array.from(outKinds), spacing: outSpacing, values: outValues };
}

/**
 * The line's original text at a token position, masked values put back; from `tailFrom` on (a list
 * template's last position) the whole rest of the line.
 */
export function textAt(line: PreparedLine, position: number, tailFrom?: number): string {
  const { tokens, values, spacing } = line;
  let next = 0;
  for (let i = 0; i < position && i < tokens.length; i++) next = restoreToken(tokens[i]!, values, next).next;
  if (tailFrom === undefined || position < tailFrom) {
    return position < tokens.length ? restoreToken(tokens[position]!, values, next).text : '';
  }
  let tail = '';
  for (let i = position; i < tokens.length; i++) {
    const restored = restoreToken(tokens[i]!, values, next);
    next = restored.next;
    tail += (i > position && spacing[i] !== '0' ? ' ' : '') + restored.text;
  }
  return tail;
}
