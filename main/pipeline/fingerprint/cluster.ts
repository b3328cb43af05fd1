/**
 * A cluster: one template (tokens, `<*>` where the lines differ) and how many lines joined it.
 * Similarity and generalisation are Drain's, with the product's additions: two tokens that both look
 * like values count as equal (`R02-M1` and `R17-M0` are values masking could not name), a state word
 * that differs keeps two lines apart, and a list template ends in one `<*>` that takes the rest of
 * the line, however many tokens that is.
 */
import { WILDCARD } from './masking.js';
import type { TreeNode } from './parse-tree.js';
import type { PreparedLine } from './prepared-line.js';
import type { SplitNode } from './position-split.js';
import { STATE, tokenKinds, VALUE, WILD } from './token-kinds.js';
import { countWildcards, renderTokens, restoreToken } from './tokens.js';

export interface Cluster {
  id: string;
  tokens: string[];
  kinds: Uint8Array;
  spacing: string;
  size: number;
  /** The parse-tree leaf holding it; undefined for a list template (they live in the list index). */
  leaf: TreeNode | undefined;
  /** For a list template: the index of its last token, the `<*>` that takes the rest of a line. */
  tailFrom: number | undefined;
  /** Splits users asked for, by partition (the pipeline's site): lines go to a child per value. */
  splits: Map<string, SplitNode> | undefined;
  /** The rendered template, rebuilt only when the tokens change. */
  template: string;
}

export function newCluster(
  id: string,
  tokens: string[],
  spacing: string,
  leaf: TreeNode | undefined,
  size = 1,
  tailFrom?: number,
): Cluster {
  return {
    id,
    tokens,
    kinds: tokenKinds(tokens),
    spacing,
    size,
    leaf,
    tailFrom,
    splits: undefined,
    template: renderTokens(tokens, spacing),
  };
}

/**
 * How well a line fits a template: the share of the template's non-wildcard tokens that the line has
 * in the same place (a value against a value counts), or -1 when the line cannot join at all: it
 * differs in a state word, or in more tokens than `threshold` allows. Any line may differ in one
 * token of a template with two or more, whatever the threshold (else two-word messages could never
 * vary); a template of wildcards only fits any line of its length. A list template compares the
 * tokens before its tail.
 */
export function fit(cluster: Cluster, tokens: readonly string[], kinds: Uint8Array, threshold: number): number {
  const own = cluster.tokens;
  const ownKinds = cluster.kinds;
  const end = cluster.tailFrom ?? own.length;
  let counted = 0;
  let equal = 0;
  for (let i = 0; i < end; i++) {
    const kind = ownKinds[i]!;
    if (kind === WILD) continue;
    counted++;
    if (own[i] === tokens[i] || (kind === VALUE && kinds[i] === VALUE)) equal++;
    else if (kind === STATE || kinds[i] === STATE) return -1;
  }
  if (counted === equal) return 1;
  const score = equal / counted;
  return (counted >= 2 && equal >= counted - 1) || score >= threshold ? score : -1;
}

/** Turns every position where the line differs into `<*>`; true when the template changed. */
export function generalise(cluster: Cluster, tokens: readonly string[]): boolean {
  const own = cluster.tokens;
  const end = cluster.tailFrom ?? own.length;
  let changed = false;
  for (let i = 0; i < end; i++) {
    if (own[i] !== WILDCARD && own[i] !== tokens[i]) {
      own[i] = WILDCARD;
      cluster.kinds[i] = WILD;
      changed = true;
    }
  }
  if (changed) cluster.template = renderTokens(own, cluster.spacing);
  return changed;
}

/**
 * The original text of the line's variable parts, in order: whole tokens where the template has
 * `<*>` or differs, the masked values inside tokens the template shares (`blk_<*>`), and for a list
 * template the whole tail as one part.
 */
export function extractParams(cluster: Cluster, line: PreparedLine): string[] {
  const template = cluster.tokens;
  const { tokens, values, spacing } = line;
  const end = cluster.tailFrom ?? tokens.length;
  const params: string[] = [];
  let next = 0;
  for (let i = 0; i < end; i++) {
    const token = tokens[i]!;
    if (template[i] === token && token !== WILDCARD) {
      for (let k = countWildcards(token); k > 0; k--) params.push(values[next++] ?? '');
      continue;
    }
    const restored = restoreToken(token, values, next);
    next = restored.next;
    params.push(restored.text);
  }
  if (end < tokens.length) {
    let tail = '';
    for (let i = end; i < tokens.length; i++) {
      const restored = restoreToken(tokens[i]!, values, next);
      next = restored.next;
      tail += (i > end && spacing[i] !== '0' ? ' ' : '') + restored.text;
    }
    params.push(tail);
  }
  return params;
}

/** Every token after the first matches the template's (a value against a value counts). */
export function restMatches(cluster: Cluster, line: PreparedLine): boolean {
  for (let i = 1; i < line.tokens.length; i++) {
    const kind = cluster.kinds[i];
    if (kind === WILD || cluster.tokens[i] === line.tokens[i]) continue;
    if (kind === VALUE && line.kinds[i] === VALUE) continue;
    return false;
  }
  return true;
}

/** `DSDT`, `onStandStepChanged`, `AM_PROXY_FILTER`: capitals throughout or inside, or joined words. */
export function isIdentifierShaped(token: string): boolean {
  return /^[A-Z]{2,}$|[a-z][A-Z]|[A-Za-z]_[A-Za-z]/.test(token);
}
