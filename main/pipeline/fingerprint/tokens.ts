/**
 * Splitting a masked line into tokens. Whitespace separates tokens, and so do the punctuation marks
 * that glue a field to its value in most log formats (`key=value`, `name:value`, `a,b`, `(x)`,
 * `[y]`, `{z}`, `;`): a value stuck to its label then becomes a token of its own, which the tree can
 * learn to be variable while the label stays constant.
 */
import { WILDCARD } from './masking.js';

export interface Tokens {
  tokens: string[];
  /** For each token, '1' when whitespace preceded it in the line and '0' when it was glued on. */
  spacing: string;
}

const SPLIT = new Uint8Array(128);
for (const c of '=,:;()[]{}') SPLIT[c.charCodeAt(0)] = 2;
for (const c of ' \t\r\n\f\v') SPLIT[c.charCodeAt(0)] = 1;

export function tokenize(line: string): Tokens {
  const tokens: string[] = [];
  let spacing = '';
  let start = -1;
  let spaced = true;
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    const kind = code < 128 ? SPLIT[code]! : 0;
    if (kind === 0) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0) {
      tokens.push(line.slice(start, i));
      spacing += spaced ? '1' : '0';
      spaced = false;
      start = -1;
    }
    if (kind === 1) {
      spaced = true;
    } else {
      tokens.push(line[i]!);
      spacing += spaced ? '1' : '0';
      spaced = false;
    }
  }
  if (start >= 0) {
    tokens.push(line.slice(start));
    spacing += spaced ? '1' : '0';
  }
  return { tokens, spacing };
}

/** Joins tokens back into a line with the spacing the cluster's first line had. */
export function renderTokens(tokens: readonly string[], spacing: string): string {
  let out = '';
  for (let i = 0; i < tokens.length; i++) {
    if (i > 0 && spacing[i] !== '0') out += ' ';
    out += tokens[i];
  }
  return out;
}

/** A token with its masked parts put back, and the index of the next unused value. */
export function restoreToken(token: string, values: readonly string[], from: number): { text: string; next: number } {
  let at = token.indexOf(WILDCARD);
  if (at < 0) return { text: token, next: from };
  let next = from;
  let text = '';
  let last = 0;
  for (; at >= 0; at = token.indexOf(WILDCARD, last)) {
    text += token.slice(last, at) + (values[next++] ?? '');
    last = at + WILDCARD.length;
  }
  return { text: text + token.slice(last), next };
}

export function countWildcards(token: string): number {
  let count = 0;
  for (let at = token.indexOf(WILDCARD); at >= 0; at = token.indexOf(WILDCARD, at + WILDCARD.length)) count++;
  return count;
}
