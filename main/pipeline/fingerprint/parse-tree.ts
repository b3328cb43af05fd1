/**
 * Drain's fixed-depth parse tree: the first level is the token count, the next `depth - 2` levels
 * are the line's first tokens, and the leaves hold clusters. A token that looks like a value takes
 * the `<*>` branch, and so does any token once a node has `maxChildren` branches, so the tree stays
 * small however many distinct words the logs hold.
 */
import { WILDCARD } from './masking.js';
import type { Cluster } from './cluster.js';
import { VALUE, WILD } from './token-kinds.js';

export interface TreeNode {
  key: string;
  parent: TreeNode | undefined;
  children: Map<string, TreeNode>;
  clusters: Cluster[];
}

export function newNode(key: string, parent: TreeNode | undefined): TreeNode {
  return { key, parent, children: new Map(), clusters: [] };
}

export class ParseTree {
  readonly byLength = new Map<number, TreeNode>();

  constructor(
    private readonly prefixTokens: number,
    private readonly maxChildren: number,
  ) {}

  /**
   * Without `create`: the leaf a lookup reaches (an unknown word falls back to `<*>`). With it: the
   * leaf where a new cluster for the line goes, created on the way.
   */
  leafFor(tokens: readonly string[], kinds: Uint8Array, create: true): TreeNode;
  leafFor(tokens: readonly string[], kinds: Uint8Array, create: false): TreeNode | undefined;
  leafFor(tokens: readonly string[], kinds: Uint8Array, create: boolean): TreeNode | undefined {
    let node: TreeNode | undefined = this.byLength.get(tokens.length);
    if (node === undefined) {
      if (!create) return undefined;
      node = newNode(String(tokens.length), undefined);
      this.byLength.set(tokens.length, node);
    }
    const steps = Math.min(this.prefixTokens, tokens.length - 1);
    for (let i = 0; i < steps; i++) {
      const kind = kinds[i];
      const key = kind === VALUE || kind === WILD ? WILDCARD : tokens[i]!;
      let child: TreeNode | undefined = node.children.get(key);
      if (child === undefined) {
        // A new word gets its own branch while there is room; one slot stays free for the `<*>`
        // branch, which takes every word that finds none (and, when looking up, any unknown word).
        if (create && key !== WILDCARD && node.children.size < this.maxChildren - 1) {
          child = newNode(key, node);
          node.children.set(key, child);
        } else {
          child = node.children.get(WILDCARD);
          if (child === undefined) {
            if (!create) return undefined;
            child = newNode(WILDCARD, node);
            node.children.set(WILDCARD, child);
          }
        }
      }
      node = child;
    }
    return node;
  }

  /** Every leaf that holds clusters of this length, in insertion order. */
  *leavesOfLength(length: number): Generator<TreeNode> {
    const root = this.byLength.get(length);
    if (root === undefined) return;
    const stack: TreeNode[] = [root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.clusters.length > 0) yield node;
      for (const child of node.children.values()) stack.push(child);
    }
  }

  /** The node at an exact path of keys (used when restoring saved state). */
  nodeAt(path: readonly string[]): TreeNode {
    const length = Number(path[0]);
    let node: TreeNode | undefined = this.byLength.get(length);
    if (node === undefined) {
      node = newNode(String(length), undefined);
      this.byLength.set(length, node);
    }
    for (const key of path.slice(1)) {
      let child: TreeNode | undefined = node.children.get(key);
      if (child === undefined) {
        child = newNode(key, node);
        node.children.set(key, child);
      }
      node = child;
    }
    return node;
  }

  /** Takes a cluster out of its leaf and drops the nodes that are left empty. */
  remove(cluster: Cluster): void {
    const leaf = cluster.leaf;
    if (leaf === undefined) return;
    const at = leaf.clusters.indexOf(cluster);
    if (at >= 0) leaf.clusters.splice(at, 1);
    let node: TreeNode | undefined = leaf;
    while (node !== undefined && node.clusters.length === 0 && node.children.size === 0) {
      const parent: TreeNode | undefined = node.parent;
      if (parent === undefined) this.byLength.delete(Number(node.key));
      else parent.children.delete(node.key);
      node = parent;
    }
  }
}

/** The keys from the length level down to a node: enough to rebuild the node's place. */
export function pathOf(node: TreeNode): string[] {
  const path: string[] = [];
  for (let at: TreeNode | undefined = node; at !== undefined; at = at.parent) path.push(at.key);
  return path.reverse();
}
