/**
 * Log-template mining in the manner of Drain (He et al., "Drain: An Online Log Parsing Approach
 * with Fixed Depth Tree", ICWS 2017), hand-written for Outpost rather than taken from Drain3: the
 * pipeline needs params mapped back through masking, stable ids across generalisation, user splits
 * by token position, bounded memory with LRU eviction and a state format of its own, and the
 * product's accuracy on logs it has never seen depends on general rules Drain3 lacks (typed masks,
 * value-looking tokens, state words, runs and lists of values, a first token that is the variable).
 * Their measure is in bench/results/grouping-accuracy.md (cross-validated, against Drain3's defaults).
 */
import { monotonicFactory } from 'ulid';
import type { Cluster } from './cluster.js';
import { extractParams, fit, generalise, isIdentifierShaped, newCluster, restMatches } from './cluster.js';
import { ListTemplates, listStart, prefixKey } from './list-templates.js';
import type { ExtraMask, Masker } from './masking.js';
import { compileMasker, WILDCARD } from './masking.js';
import type { SavedState } from './miner-state.js';
import { parseState, rebuildMiner, serialiseState } from './miner-state.js';
import { ParseTree } from './parse-tree.js';
import type { TreeNode } from './parse-tree.js';
import { findChild, renderPinned, route, type SplitChild, type SplitNode, type SplitRoute } from './position-split.js';
import type { PreparedLine } from './prepared-line.js';
import { prepareLine, textAt } from './prepared-line.js';
import { WILD, WORD } from './token-kinds.js';

export interface TemplateMatch {
  templateId: string;
  template: string;
  isNew: boolean;
  /** True when the line made an existing template more general (a token became `<*>`). */
  changed: boolean;
  /** The line's variable parts in order, as they appear in the line. */
  params: string[];
  /**
   * Set when the template is a child of a user's split by position: the id of the split template.
   * Such a template is a group of its own by the user's decision, never joined to another by likeness.
   */
  splitOf?: string;
}

export interface TemplateInfo {
  templateId: string;
  template: string;
  size: number;
}

export interface TemplateMiner {
  /**
   * Learns from the line and returns its template. `partition` names the user splits that apply
   * (the pipeline passes the site): lines of a split template go to the child of their value there.
   */
  add(message: string, partition?: string): TemplateMatch;
  /** The template the line belongs to, without learning anything; undefined when none fits. */
  match(message: string, partition?: string): TemplateMatch | undefined;
  templates(): TemplateInfo[];
  /**
   * Splits the lines of a template (a mined template or a child of an earlier split) in `partition`
   * by their text at token `position`: from now on each value is a template of its own. Returns, for
   * each of `messages` (lines already in the template), the template it now belongs to.
   */
  splitByPosition(
    templateId: string,
    position: number,
    partition: string,
    messages: readonly string[],
  ): TemplateMatch[];
  /** The template's tokens as the miner counts positions, or undefined when the id is unknown. */
  templateTokens(templateId: string): string[] | undefined;
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
  /** Clusters kept; the least recently used is forgotten beyond this (split templates are kept). */
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

/**
 * A first token is taken for a variable only on a line this long: shorter lines that differ only
 * in their first word are more often different commands (`boot (command 12)`, `halt (command 12)`).
 */
const FIRST_TOKEN_VARIABLE_MIN_TOKENS = 6;

export function validateOptions(options: MinerOptions): void {
  const fail = (field: string, rule: string) => {
    throw new RangeError(`template miner option ${field} must be ${rule}`);
  };
  if (!Number.isInteger(options.depth) || options.depth < 3) fail('depth', 'an integer ≥ 3');
  if (!(options.similarityThreshold > 0 && options.similarityThreshold <= 1)) fail('similarityThreshold', 'in (0, 1]');
  if (!Number.isInteger(options.maxChildren) || options.maxChildren < 2) fail('maxChildren', 'an integer ≥ 2');
  if (!Number.isInteger(options.maxClusters) || options.maxClusters < 1) fail('maxClusters', 'an integer ≥ 1');
}

export class DrainMiner implements TemplateMiner {
  readonly tree: ParseTree;
  /** Every cluster by id, least recently used first (a Map keeps insertion order). */
  readonly clusters: Map<string, Cluster>;
  readonly lists = new ListTemplates();
  private readonly masker: Masker;
  private readonly nextId = monotonicFactory();

  constructor(
    readonly options: MinerOptions,
    saved?: SavedState,
  ) {
    validateOptions(options);
    this.masker = compileMasker(options.extraMasks);
    this.tree = new ParseTree(options.depth - 2, options.maxChildren);
    this.clusters = saved === undefined ? new Map() : rebuildMiner(saved, this.tree, this.lists);
    while (this.clusters.size > options.maxClusters) if (!this.evictOldest()) break;
  }

  add(message: string, partition?: string): TemplateMatch {
    const line = prepareLine(message, this.masker);
    const best = this.best(line, true);
    if (best !== undefined) {
      const found = best.listFrom === undefined ? best.cluster : this.makeList(best.cluster, line, best.listFrom);
      const changed = generalise(found, line.tokens) || best.listFrom !== undefined;
      if (changed && found.leaf !== undefined) this.rehome(found);
      found.size++;
      this.touch(found);
      return this.answer(found, line, false, changed, partition, true);
    }
    const leaf = this.tree.leafFor(line.tokens, line.kinds, true);
    const cluster = newCluster(this.nextId(), [...line.tokens], line.spacing, leaf);
    leaf.clusters.push(cluster);
    this.clusters.set(cluster.id, cluster);
    const start = listStart(line);
    if (start > 0) this.lists.remember(cluster, line, start);
    if (this.clusters.size > this.options.maxClusters) this.evictOldest();
    return this.answer(cluster, line, true, false, partition, true);
  }

  match(message: string, partition?: string): TemplateMatch | undefined {
    const line = prepareLine(message, this.masker);
    const found = this.best(line, false);
    return found === undefined ? undefined : this.answer(found.cluster, line, false, false, partition, false);
  }

  templates(): TemplateInfo[] {
    return [...this.clusters.values()].map((c) => ({ templateId: c.id, template: c.template, size: c.size }));
  }

  templateTokens(templateId: string): string[] | undefined {
    const found = this.findTemplate(templateId);
    if (found === undefined) return undefined;
    const tokens = [...found.cluster.tokens];
    for (const { position, value } of found.pinned) tokens[position] = value;
    return tokens;
  }

  splitByPosition(
    templateId: string,
    position: number,
    partition: string,
    messages: readonly string[],
  ): TemplateMatch[] {
    const found = this.findTemplate(templateId, partition);
    if (found === undefined) {
      throw new RangeError(`template ${templateId} is not known to the template miner (it may have been forgotten)`);
    }
    const { cluster, child, pinned } = found;
    if (!Number.isInteger(position) || position < 0 || position >= cluster.tokens.length) {
      throw new RangeError(`position must be a token index from 0 to ${cluster.tokens.length - 1}`);
    }
    if (pinned.some((p) => p.position === position)) {
      throw new RangeError(`position ${position} is already split`);
    }
    const node: SplitNode = { position, children: new Map() };
    if (child !== undefined) {
      if (child.split !== undefined) throw new RangeError(`template ${templateId} is already split`);
      child.split = node;
    } else {
      cluster.splits ??= new Map();
      if (cluster.splits.has(partition)) throw new RangeError(`template ${templateId} is already split`);
      cluster.splits.set(partition, node);
    }
    return messages.map((message) => {
      const line = prepareLine(message, this.masker);
      return this.answer(cluster, line, false, false, partition, true);
    });
  }

  exportState(): string {
    return serialiseState(this.options, this.clusters.values(), this.lists);
  }

  /**
   * The template for a line: the best fit in its tree leaf; else a template it matches in all but
   * one first word (that word is the variable); else its list template, or (when learning) the
   * template this line shows to be a list from `listFrom` on.
   */
  private best(line: PreparedLine, learn: boolean): { cluster: Cluster; listFrom?: number } | undefined {
    const leaf = this.tree.leafFor(line.tokens, line.kinds, false);
    const found = (leaf && this.bestIn(leaf.clusters, line)) ?? this.prefixVariant(line, leaf);
    if (found !== undefined) return { cluster: found };
    const start = listStart(line);
    if (start <= 0) return undefined;
    const list = this.lists.find(line, start);
    if (list !== undefined) return { cluster: list };
    const pair = learn ? this.lists.pairFor(line, start) : undefined;
    // A template a user split keeps its token positions: it never becomes a list.
    return pair === undefined || pair.splits !== undefined ? undefined : { cluster: pair, listFrom: start };
  }

  private bestIn(clusters: readonly Cluster[], line: PreparedLine): Cluster | undefined {
    let best: Cluster | undefined;
    let bestFit = -1;
    const threshold = this.options.similarityThreshold;
    for (const cluster of clusters) {
      const score = fit(cluster, line.tokens, line.kinds, threshold);
      if (score > bestFit) {
        best = cluster;
        bestFit = score;
      }
    }
    return best;
  }

  /**
   * A long line that matches a template in every token but its first word, both words shaped like
   * identifiers (`DSDT (v001 …) @ …`, `FADT (v001 …) @ …`): the first word is the variable. Looked
   * for only when the line's own leaf has no template.
   */
  private prefixVariant(line: PreparedLine, own: TreeNode | undefined): Cluster | undefined {
    const { tokens, kinds } = line;
    if (tokens.length < FIRST_TOKEN_VARIABLE_MIN_TOKENS || kinds[0] !== WORD || !isIdentifierShaped(tokens[0]!)) {
      return undefined;
    }
    for (const leaf of this.tree.leavesOfLength(tokens.length)) {
      if (leaf === own) continue;
      for (const cluster of leaf.clusters) {
        const first = cluster.kinds[0];
        if (first === WILD || (first === WORD && isIdentifierShaped(cluster.tokens[0]!))) {
          if (restMatches(cluster, line)) return cluster;
        }
      }
    }
    return undefined;
  }

  /** Turns a fixed-length template into the list template its prefix has shown it to be. */
  private makeList(cluster: Cluster, line: PreparedLine, start: number): Cluster {
    if (cluster.leaf !== undefined) this.tree.remove(cluster);
    cluster.leaf = undefined;
    cluster.tokens.length = start;
    cluster.tokens.push(WILDCARD);
    cluster.kinds = Uint8Array.from([...cluster.kinds.subarray(0, start), WILD]);
    cluster.spacing = cluster.spacing.slice(0, start + 1);
    cluster.tailFrom = start;
    cluster.template = renderPinned(cluster.tokens, cluster.spacing, []);
    this.lists.add(cluster, prefixKey(line, start));
    return cluster;
  }

  private answer(
    cluster: Cluster,
    line: PreparedLine,
    isNew: boolean,
    changed: boolean,
    partition: string | undefined,
    learn: boolean,
  ): TemplateMatch {
    const params = extractParams(cluster, line);
    const split = partition === undefined ? undefined : cluster.splits?.get(partition);
    if (split === undefined) return { templateId: cluster.id, template: cluster.template, isNew, changed, params };
    if (!learn) {
      // Without learning, a value never seen has no child yet: answer with the split template.
      return { templateId: cluster.id, template: cluster.template, isNew, changed, params, splitOf: cluster.id };
    }
    const routed = route(split, (position) => textAt(line, position, cluster.tailFrom), this.nextId);
    routed.child.size++;
    return {
      templateId: routed.child.id,
      template: renderPinned(cluster.tokens, cluster.spacing, routed.pinned),
      isNew: isNew || routed.isNew,
      changed: changed || routed.isNew,
      params,
      splitOf: cluster.id,
    };
  }

  /** A cluster by id, or a split child (in `partition`, or any) with the values pinned above it. */
  private findTemplate(
    id: string,
    partition?: string,
  ): { cluster: Cluster; child?: SplitChild; pinned: SplitRoute['pinned'] } | undefined {
    const cluster = this.clusters.get(id);
    if (cluster !== undefined) return { cluster, pinned: [] };
    for (const candidate of this.clusters.values()) {
      if (candidate.splits === undefined) continue;
      for (const [name, node] of candidate.splits) {
        if (partition !== undefined && name !== partition) continue;
        const found = findChild(node, id);
        if (found) return { cluster: candidate, child: found.child, pinned: found.pinned };
      }
    }
    return undefined;
  }

  /** A template whose first words became `<*>` moves to the tree path its template now takes. */
  private rehome(cluster: Cluster): void {
    const leaf = this.tree.leafFor(cluster.tokens, cluster.kinds, true);
    if (leaf === cluster.leaf) return;
    this.tree.remove(cluster);
    cluster.leaf = leaf;
    leaf.clusters.push(cluster);
  }

  private touch(cluster: Cluster): void {
    this.clusters.delete(cluster.id);
    this.clusters.set(cluster.id, cluster);
  }

  /** Forgets the least recently used template that no user split; false when every one is split. */
  private evictOldest(): boolean {
    for (const oldest of this.clusters.values()) {
      if (oldest.splits !== undefined) continue;
      this.clusters.delete(oldest.id);
      if (oldest.leaf !== undefined) this.tree.remove(oldest);
      this.lists.remove(oldest);
      return true;
    }
    return false;
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
