/**
 * The miner's saved state: options, clusters in least-recently-used order, and each leaf's clusters
 * in their order (ties between equally similar clusters go to the earlier one, so the order is part
 * of the answers). The store keeps the JSON; restoring it gives a miner with the same answers.
 */
import { z } from 'zod';
import type { Cluster } from './cluster.js';
import { newCluster } from './cluster.js';
import type { MinerOptions } from './miner.js';
import type { ParseTree, TreeNode } from './parse-tree.js';
import { pathOf } from './parse-tree.js';

const FORMAT = 'outpost-template-miner';

const savedState = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  options: z.object({
    depth: z.number().int(),
    similarityThreshold: z.number(),
    maxChildren: z.number().int(),
    maxClusters: z.number().int(),
    extraMasks: z.array(z.object({ name: z.string(), pattern: z.string() })),
  }),
  clusters: z.array(
    z.object({
      id: z.string().min(1),
      tokens: z.array(z.string()),
      spacing: z.string(),
      size: z.number().int().nonnegative(),
    }),
  ),
  leaves: z.array(z.object({ path: z.array(z.string()).min(1), clusters: z.array(z.string()) })),
});

export type SavedState = z.infer<typeof savedState>;

export function serialiseState(options: MinerOptions, clusters: Iterable<Cluster>): string {
  const saved: SavedState = { format: FORMAT, version: 1, options, clusters: [], leaves: [] };
  const leaves = new Set<TreeNode>();
  for (const cluster of clusters) {
    saved.clusters.push({ id: cluster.id, tokens: cluster.tokens, spacing: cluster.spacing, size: cluster.size });
    leaves.add(cluster.leaf);
  }
  for (const leaf of leaves) saved.leaves.push({ path: pathOf(leaf), clusters: leaf.clusters.map((c) => c.id) });
  return JSON.stringify(saved);
}

export function parseState(json: string): SavedState {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new Error(`template miner state is not JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = savedState.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`template miner state is invalid at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  return parsed.data;
}

/** Puts the saved clusters back into an empty tree; returns them in least-recently-used order. */
export function rebuildClusters(saved: SavedState, tree: ParseTree): Map<string, Cluster> {
  const byId = new Map(saved.clusters.map((c) => [c.id, c]));
  const clusters = new Map<string, Cluster>();
  const built = new Map<string, Cluster>();
  for (const leafState of saved.leaves) {
    const leaf = tree.nodeAt(leafState.path);
    for (const id of leafState.clusters) {
      const state = byId.get(id);
      if (state === undefined || built.has(id)) throw new Error(`template miner state lists cluster ${id} wrongly`);
      if (state.tokens.length !== Number(leafState.path[0]) || state.spacing.length !== state.tokens.length)
        throw new Error(`template miner state has cluster ${id} in a leaf of another length`);
      const cluster = newCluster(id, [...state.tokens], state.spacing, leaf, state.size);
      leaf.clusters.push(cluster);
      built.set(id, cluster);
    }
  }
  for (const { id } of saved.clusters) {
    const cluster = built.get(id);
    if (cluster === undefined) throw new Error(`template miner state has cluster ${id} in no leaf`);
    clusters.set(id, cluster);
  }
  return clusters;
}
