/**
 * Log-template mining in the manner of Drain (He et al., "Drain: An Online Log Parsing Approach
 * with Fixed Depth Tree", ICWS 2017), hand-written for Outpost rather than taken from Drain3: the
 * pipeline needs params mapped back through masking, stable ids across generalisation, bounded
 * memory with LRU eviction and a state format of its own, and the product's accuracy depends on the
 * general rules layered on top (value-looking tokens, similarity by line length) that Drain3 lacks.
 */
import { monotonicFactory } from 'ulid';
import type { Cluster } from './cluster.js';
import { extractParams, generalise, newCluster, similarity, tokenKinds } from './cluster.js';
import type { ExtraMask, Masker } from './masking.js';
import { compileMasker, maskWithValues } from './masking.js';
import type { SavedState } from './miner-state.js';
import { parseState, rebuildClusters, serialiseState } from './miner-state.js';
import { ParseTree } from './parse-tree.js';
import { tokenize } from './tokens.js';

export interface TemplateMatch {
  templateId: string;
  template: string;
  isNew: boolean;
  /** True when the line made an existing template more general (a token became `<*>`). */
  changed: boolean;
  /** The line's variable parts in order, as they appear in the line. */
  params: string[];
}

export interface TemplateInfo {
  templateId: string;
  template: string;
  size: number;
}

export interface TemplateMiner {
  /** Learns from the line and returns its template. */
  add(message: string): TemplateMatch;
  /** The template the line belongs to, without learning anything; undefined when none fits. */
  match(message: string): TemplateMatch | undefined;
  templates(): TemplateInfo[];
  /** JSON that `createTemplateMiner(options, state)` restores to a miner giving the same answers. */
  exportState(): string;
}

export interface MinerOptions {
  /** Tree depth as Drain counts it: root and length levels plus `depth - 2` first-token levels. */
  depth: number;
  /** The share of a template's words a line needs in the same places to join it (any line may differ in one). */
  similarityThreshold: number;
  /** Branches per tree node; further words share the `<*>` branch. */
  maxChildren: number;
  /** Clusters kept; the least recently used is forgotten beyond this. */
  maxClusters: number;
  /** Site-specific masks, tried before the built-in rules. */
  extraMasks: ExtraMask[];
}

export const DEFAULT_MINER_OPTIONS: Readonly<MinerOptions> = Object.freeze({
  depth: 4,
  similarityThreshold: 0.75,
  maxChildren: 100,
  maxClusters: 20_000,
  extraMasks: [],
});

export function validateOptions(options: MinerOptions): void {
  const fail = (field: string, rule: string) => {
    throw new RangeError(`template miner option ${field} must be ${rule}`);
  };
  if (!Number.isInteger(options.depth) || options.depth < 3) fail('depth', 'an integer ≥ 3');
  if (!(options.similarityThreshold > 0 && options.similarityThreshold <= 1)) fail('similarityThreshold', 'in (0, 1]');
  if (!Number.isInteger(options.maxChildren) || options.maxChildren < 2) fail('maxChildren', 'an integer ≥ 2');
  if (!Number.isInteger(options.maxClusters) || options.maxClusters < 1) fail('maxClusters', 'an integer ≥ 1');
}

/**
 * The similarity a line of `length` tokens needs to join a template: the threshold, except that any
 * line may differ in one token (a two-word line could never vary otherwise), and a one-token line
 * must match exactly. Tokens that both look like values count as equal, so the differences counted
 * here are words.
 */
export function requiredSimilarity(threshold: number, length: number): number {
  if (length <= 1) return 1;
  return Math.min(threshold, 1 - 1 / length);
}

interface Prepared {
  tokens: string[];
  kinds: Uint8Array;
  values: string[];
}

export class DrainMiner implements TemplateMiner {
  readonly tree: ParseTree;
  /** Every cluster by id, least recently used first (a Map keeps insertion order). */
  readonly clusters: Map<string, Cluster>;
  private readonly masker: Masker;
  private readonly nextId = monotonicFactory();

  constructor(
    readonly options: MinerOptions,
    saved?: SavedState,
  ) {
    validateOptions(options);
    this.masker = compileMasker(options.extraMasks);
    this.tree = new ParseTree(options.depth - 2, options.maxChildren);
    this.clusters = saved === undefined ? new Map() : rebuildClusters(saved, this.tree);
    while (this.clusters.size > options.maxClusters) this.evictOldest();
  }

  add(message: string): TemplateMatch {
    const line = this.prepare(message);
    const found = this.best(line);
    if (found !== undefined) {
      const changed = generalise(found, line.tokens);
      found.size++;
      this.touch(found);
      return this.answer(found, line, false, changed);
    }
    const leaf = this.tree.leafFor(line.tokens, line.kinds, true);
    const cluster = newCluster(this.nextId(), [...line.tokens], line.spacing, leaf);
    leaf.clusters.push(cluster);
    this.clusters.set(cluster.id, cluster);
    if (this.clusters.size > this.options.maxClusters) this.evictOldest();
    return this.answer(cluster, line, true, false);
  }

  match(message: string): TemplateMatch | undefined {
    const line = this.prepare(message);
    const found = this.best(line);
    return found === undefined ? undefined : this.answer(found, line, false, false);
  }

  templates(): TemplateInfo[] {
    return [...this.clusters.values()].map((c) => ({ templateId: c.id, template: c.template, size: c.size }));
  }

  exportState(): string {
    return serialiseState(this.options, this.clusters.values());
  }

  private prepare(message: string): Prepared & { spacing: string } {
    const { masked, values } = maskWithValues(message, this.masker);
    const { tokens, spacing } = tokenize(masked);
    return { tokens, spacing, values, kinds: tokenKinds(tokens) };
  }

  private best(line: Prepared): Cluster | undefined {
    const leaf = this.tree.leafFor(line.tokens, line.kinds, false);
    if (leaf === undefined) return undefined;
    let best: Cluster | undefined;
    let bestSimilarity = requiredSimilarity(this.options.similarityThreshold, line.tokens.length);
    for (const cluster of leaf.clusters) {
      const sim = similarity(cluster, line.tokens, line.kinds);
      if (sim > bestSimilarity || (sim === bestSimilarity && best === undefined)) {
        best = cluster;
        bestSimilarity = sim;
      }
    }
    return best;
  }

  private answer(cluster: Cluster, line: Prepared, isNew: boolean, changed: boolean): TemplateMatch {
    return {
      templateId: cluster.id,
      template: cluster.template,
      isNew,
      changed,
      params: extractParams(cluster.tokens, line.tokens, line.values),
    };
  }

  private touch(cluster: Cluster): void {
    this.clusters.delete(cluster.id);
    this.clusters.set(cluster.id, cluster);
  }

  private evictOldest(): void {
    const oldest = this.clusters.values().next().value;
    if (oldest === undefined) return;
    this.clusters.delete(oldest.id);
    this.tree.remove(oldest);
  }
}

/**
 * A miner with the given options, or one restored from `exportState()` JSON. A restored miner keeps
 * the saved tree's shape (depth, maxChildren: other values would route lines to other leaves); the
 * other options may be changed on restore.
 */
export function createTemplateMiner(options: Partial<MinerOptions> = {}, state?: string): TemplateMiner {
  if (state === undefined) return new DrainMiner({ ...DEFAULT_MINER_OPTIONS, ...options });
  const saved = parseState(state);
  for (const field of ['depth', 'maxChildren'] as const) {
    const wanted = options[field];
    if (wanted !== undefined && wanted !== saved.options[field])
      throw new RangeError(`template miner state was built with ${field} ${saved.options[field]}, not ${wanted}`);
  }
  return new DrainMiner({ ...DEFAULT_MINER_OPTIONS, ...saved.options, ...options }, saved);
}
