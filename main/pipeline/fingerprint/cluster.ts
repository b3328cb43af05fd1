/**
 * A cluster: one template (tokens, `<*>` where the lines differ) and how many lines joined it.
 * Similarity and generalisation are Drain's, with one addition: two tokens that both look like
 * values (they hold a digit or a masked part) count as equal, because a token like `R02-M1` or
 * `core.2275` is a value that masking could not name.
 */
import { WILDCARD } from './masking.js';
import { isVariableLooking, renderTokens } from './tokens.js';
import type { TreeNode } from './parse-tree.js';

/** Per-token kinds, kept beside the tokens so a comparison does no string scanning. */
export const WORD = 0;
export const VALUE = 1;
export const WILD = 2;

export interface Cluster {
  id: string;
  tokens: string[];
  kinds: Uint8Array;
  spacing: string;
  size: number;
  leaf: TreeNode;
  /** The rendered template, rebuilt only when the tokens change. */
  template: string;
}

export function tokenKinds(tokens: readonly string[]): Uint8Array {
  const kinds = new Uint8Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    kinds[i] = token === WILDCARD ? WILD : isVariableLooking(token) ? VALUE : WORD;
  }
  return kinds;
}

export function newCluster(id: string, tokens: string[], spacing: string, leaf: TreeNode, size = 1): Cluster {
  return { id, tokens, kinds: tokenKinds(tokens), spacing, size, leaf, template: renderTokens(tokens, spacing) };
}

/**
 * The fraction of the template's non-wildcard tokens that the line has in the same place (a value
 * against a value counts). A template of wildcards only matches any line of its length.
 */
export function similarity(cluster: Cluster, tokens: readonly string[], kinds: Uint8Array): number {
  const own = cluster.tokens;
  const ownKinds = cluster.kinds;
  let counted = 0;
  let equal = 0;
  for (let i = 0; i < own.length; i++) {
    const kind = ownKinds[i]!;
    if (kind === WILD) continue;
    counted++;
    if (own[i] === tokens[i] || (kind === VALUE && kinds[i] === VALUE)) equal++;
  }
  return counted === 0 ? 1 : equal / counted;
}

/** Turns every position where the line differs into `<*>`; true when the template changed. */
export function generalise(cluster: Cluster, tokens: readonly string[]): boolean {
  const own = cluster.tokens;
  let changed = false;
  for (let i = 0; i < own.length; i++) {
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
 * `<*>` or differs, and the masked values inside tokens the template shares (`blk_<*>`).
 */
export function extractParams(
  template: readonly string[],
  tokens: readonly string[],
  values: readonly string[],
): string[] {
  const params: string[] = [];
  let next = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const masks = countWildcards(token);
    if (template[i] === token && template[i] !== WILDCARD) {
      for (let k = 0; k < masks; k++) params.push(values[next++] ?? '');
      continue;
    }
    if (masks === 0) {
      params.push(token);
      continue;
    }
    let restored = '';
    let from = 0;
    for (let k = 0; k < masks; k++) {
      const at = token.indexOf(WILDCARD, from);
      restored += token.slice(from, at) + (values[next++] ?? '');
      from = at + WILDCARD.length;
    }
    params.push(restored + token.slice(from));
  }
  return params;
}

function countWildcards(token: string): number {
  let count = 0;
  for (let at = token.indexOf(WILDCARD); at >= 0; at = token.indexOf(WILDCARD, at + WILDCARD.length)) count++;
  return count;
}
