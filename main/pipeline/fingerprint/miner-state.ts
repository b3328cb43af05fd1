/**
 * The miner's saved state: options, clusters in least-recently-used order, each leaf's clusters in
 * their order (ties between equally good clusters go to the earlier one, so the order is part of the
 * answers), list templates with their prefix keys and the evidence waiting to make one, and the
 * users' splits by position. The store keeps the JSON; restoring it gives a miner with the same
 * answers. Version 1 (before list templates, state words and splits) is refused: the pipeline then
 * starts a fresh miner, whose identical templates find their old groups by likeness.
 */
import { z } from 'zod';
import type { Cluster } from './cluster.js';
import { newCluster } from './cluster.js';
import type { ListTemplates } from './list-templates.js';
import type { MinerOptions } from './miner.js';
import type { ParseTree, TreeNode } from './parse-tree.js';
import { pathOf } from './parse-tree.js';
import type { SavedSplit } from './position-split.js';
import { loadSplit, saveSplit } from './position-split.js';

const FORMAT = 'outpost-template-miner';

const savedSplit: z.ZodType<SavedSplit> = z.lazy(() =>
  z.object({
    position: z.number().int().nonnegative(),
    children: z.array(
      z.object({
        value: z.string(),
        id: z.string().min(1),
        size: z.number().int().nonnegative(),
        split: savedSplit.optional(),
      }),
    ),
  }),
);

const savedState = z.object({
  format: z.literal(FORMAT),
  version: z.literal(2),
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
      tailFrom: z.number().int().positive().optional(),
      splits: z.record(z.string(), savedSplit).optional(),
    }),
  ),
  leaves: z.array(z.object({ path: z.array(z.string()).min(1), clusters: z.array(z.string()) })),
  lists: z.array(z.object({ id: z.string(), key: z.string() })),
  listEvidence: z.array(z.object({ id: z.string(), key: z.string(), tail: z.array(z.string()) })),
});

export type SavedState = z.infer<typeof savedState>;

export function serialiseState(options: MinerOptions, clusters: Iterable<Cluster>, lists: ListTemplates): string {
  const saved: SavedState = {
    format: FORMAT,
    version: 2,
    options,
    clusters: [],
    leaves: [],
    lists: [],
    listEvidence: [],
  };
  const leaves = new Set<TreeNode>();
  for (const cluster of clusters) {
    saved.clusters.push({
      id: cluster.id,
      tokens: cluster.tokens,
      spacing: cluster.spacing,
      size: cluster.size,
      ...(cluster.tailFrom === undefined ? {} : { tailFrom: cluster.tailFrom }),
      ...(cluster.splits === undefined
        ? {}
        : { splits: Object.fromEntries([...cluster.splits].map(([name, node]) => [name, saveSplit(node)])) }),
    });
    if (cluster.leaf !== undefined) leaves.add(cluster.leaf);
  }
  for (const leaf of leaves) saved.leaves.push({ path: pathOf(leaf), clusters: leaf.clusters.map((c) => c.id) });
  for (const [cluster, key] of lists.entries()) saved.lists.push({ id: cluster.id, key });
  for (const evidence of lists.evidence()) {
    saved.listEvidence.push({ id: evidence.cluster.id, key: evidence.key, tail: evidence.tail });
  }
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

/**
 * Puts the saved clusters back into an empty tree and list index; returns them in
 * least-recently-used order.
 */
export function rebuildMiner(saved: SavedState, tree: ParseTree, lists: ListTemplates): Map<string, Cluster> {
  const built = new Map<string, Cluster>();
  for (const state of saved.clusters) {
    if (built.has(state.id)) throw new Error(`template miner state lists cluster ${state.id} twice`);
    if (state.spacing.length !== state.tokens.length) {
      throw new Error(`template miner state has cluster ${state.id} with spacing of another length`);
    }
    const cluster = newCluster(state.id, [...state.tokens], state.spacing, undefined, state.size, state.tailFrom);
    if (state.splits) cluster.splits = new Map(Object.entries(state.splits).map(([name, s]) => [name, loadSplit(s)]));
    built.set(state.id, cluster);
  }
  const placed = new Set<string>();
  for (const leafState of saved.leaves) {
    const leaf = tree.nodeAt(leafState.path);
    for (const id of leafState.clusters) {
      const cluster = built.get(id);
      if (cluster === undefined || placed.has(id) || cluster.tailFrom !== undefined) {
        throw new Error(`template miner state lists cluster ${id} wrongly`);
      }
      if (cluster.tokens.length !== Number(leafState.path[0])) {
        throw new Error(`template miner state has cluster ${id} in a leaf of another length`);
      }
      cluster.leaf = leaf;
      leaf.clusters.push(cluster);
      placed.add(id);
    }
  }
  for (const { id, key } of saved.lists) {
    const cluster = built.get(id);
    if (cluster === undefined || cluster.tailFrom === undefined || placed.has(id)) {
      throw new Error(`template miner state lists list template ${id} wrongly`);
    }
    lists.add(cluster, key);
    placed.add(id);
  }
  for (const { id, key, tail } of saved.listEvidence) {
    const cluster = built.get(id);
    if (cluster === undefined) throw new Error(`template miner state has list evidence for unknown cluster ${id}`);
    lists.restoreEvidence(cluster, key, tail);
  }
  for (const id of built.keys()) {
    if (!placed.has(id)) throw new Error(`template miner state has cluster ${id} in no leaf`);
  }
  return built;
}
