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

/**
 * A token that looks like a value rather than a word: it holds a digit or a masked part. Such
 * tokens never pick a branch of the tree, and two of them in the same place count as a match.
 */
export function isVariableLooking(token: string): boolean {
  if (token.includes(WILDCARD)) return true;
  for (let i = 0; i < token.length; i++) {
    const code = token.charCodeAt(i);
    if (code >= 48 && code <= 57) return true;
  }
  return false;
}
