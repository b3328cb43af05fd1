/**
 * Splits a user asked for: the lines of one template, in one partition (a site), go to one template
 * per value seen at a token position instead of one template for all. The template keeps learning
 * (new lines still join it and generalise it); the split only decides which of its children a line
 * is reported as, by the line's own text at that position, so no later learning can put two values
 * back together. A child can be split again at another position.
 */
import { WILDCARD } from './masking.js';
import { renderTokens } from './tokens.js';

/** Values kept apart per split; further new values share one `<*>` child, so a split stays bounded. */
export const MAX_SPLIT_VALUES = 1_000;
/** The key of the child that takes every value beyond MAX_SPLIT_VALUES. */
export const OTHER_VALUES = '\u0000other';

export interface SplitChild {
  id: string;
  size: number;
  split: SplitNode | undefined;
}

export interface SplitNode {
  position: number;
  /** By the value's original text (OTHER_VALUES for the overflow child). */
  children: Map<string, SplitChild>;
}

/** Where a line lands: the child's id, and the values pinned on the way (position → text). */
export interface SplitRoute {
  child: SplitChild;
  isNew: boolean;
  pinned: { position: number; value: string }[];
}

/**
 * Follows the splits from `node` with the line's values (`valueAt(position)`), creating the child
 * for a value not seen before with `nextId`.
 */
export function route(node: SplitNode, valueAt: (position: number) => string, nextId: () => string): SplitRoute {
  const pinned: SplitRoute['pinned'] = [];
  let isNew = false;
  let at: SplitNode = node;
  for (;;) {
    const text = valueAt(at.position);
    let key = text;
    let child = at.children.get(key);
    if (child === undefined && at.children.size >= MAX_SPLIT_VALUES) {
      key = OTHER_VALUES;
      child = at.children.get(key);
    }
    if (child === undefined) {
      child = { id: nextId(), size: 0, split: undefined };
      at.children.set(key, child);
      isNew = true;
    }
    pinned.push({ position: at.position, value: key === OTHER_VALUES ? WILDCARD : text });
    if (child.split === undefined) return { child, isNew, pinned };
    at = child.split;
  }
}

/** The path of values from `node` to the child with `id`, or undefined when it is not below `node`. */
export function findChild(
  node: SplitNode,
  id: string,
): { child: SplitChild; pinned: { position: number; value: string }[] } | undefined {
  for (const [key, child] of node.children) {
    const here = { position: node.position, value: key === OTHER_VALUES ? WILDCARD : key };
    if (child.id === id) return { child, pinned: [here] };
    if (child.split) {
      const below = findChild(child.split, id);
      if (below) return { child: below.child, pinned: [here, ...below.pinned] };
    }
  }
  return undefined;
}

/** The cluster's template with the pinned values in their places. */
export function renderPinned(tokens: readonly string[], spacing: string, pinned: SplitRoute['pinned']): string {
  if (pinned.length === 0) return renderTokens(tokens, spacing);
  const copy = [...tokens];
  for (const { position, value } of pinned) copy[position] = value;
  return renderTokens(copy, spacing);
}

/** Saved form: children as [value, id, size, nested split] rows. */
export interface SavedSplit {
  position: number;
  children: { value: string; id: string; size: number; split?: SavedSplit }[];
}

export function saveSplit(node: SplitNode): SavedSplit {
  return {
    position: node.position,
    children: [...node.children].map(([value, child]) => ({
      value,
      id: child.id,
      size: child.size,
      ...(child.split ? { split: saveSplit(child.split) } : {}),
    })),
  };
}

export function loadSplit(saved: SavedSplit): SplitNode {
  return {
    position: saved.position,
    children: new Map(
      saved.children.map((c) => [c.value, { id: c.id, size: c.size, split: c.split ? loadSplit(c.split) : undefined }]),
    ),
  };
}

/** Every id a split hands out (to keep ids unique across clusters and children). */
export function* splitIds(node: SplitNode): Generator<string> {
  for (const child of node.children.values()) {
    yield child.id;
    if (child.split) yield* splitIds(child.split);
  }
}
