/**
 * A reference Drain3 (logpai/Drain3 0.9.x) for the accuracy tests: "below Drain3's default" is
 * checked per system against this, in the same process and on the same lines. It follows Drain3's
 * documented behaviour, not Outpost's miner: the default `Drain` parameters (depth 4 → one
 * first-token level under the length level, sim_th 0.4, max_children 100, no cluster limit, no extra
 * delimiters, numeric tokens take the `<*>` branch) and the masking list of Drain3's example
 * configuration (examples/drain3.ini: ID, IP, SEQ, SEQ, HEX, NUM, CMD, applied one after the other).
 * Written from the algorithm's description for this test only; it is not shipped.
 */

const PARAM = '<*>';

export interface Drain3Options {
  depth: number;
  simTh: number;
  maxChildren: number;
  extraDelimiters: readonly string[];
  /** The example configuration's masks; an empty list is Drain3 without masking. */
  masking: readonly { pattern: string; maskWith: string }[];
}

const BEFORE = '((?<=[^A-Za-z0-9])|^)';
const AFTER = '((?=[^A-Za-z0-9])|$)';

/** Drain3's examples/drain3.ini masking, in its order, with its `<:` `:>` mask prefix and suffix. */
export const DRAIN3_EXAMPLE_MASKING: readonly { pattern: string; maskWith: string }[] = [
  { pattern: `${BEFORE}(([0-9a-f]{2,}:){3,}([0-9a-f]{2,}))${AFTER}`, maskWith: 'ID' },
  { pattern: `${BEFORE}(\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3})${AFTER}`, maskWith: 'IP' },
  { pattern: `${BEFORE}([0-9a-f]{6,} ?){3,}${AFTER}`, maskWith: 'SEQ' },
  { pattern: `${BEFORE}([0-9A-F]{4} ?){4,}${AFTER}`, maskWith: 'SEQ' },
  { pattern: `${BEFORE}(0x[a-f0-9A-F]+)${AFTER}`, maskWith: 'HEX' },
  { pattern: `${BEFORE}([\\-\\+]?\\d+)${AFTER}`, maskWith: 'NUM' },
  { pattern: '(?<=executed cmd )(".+?")', maskWith: 'CMD' },
];

export const DRAIN3_DEFAULTS: Readonly<Drain3Options> = Object.freeze({
  depth: 4,
  simTh: 0.4,
  maxChildren: 100,
  extraDelimiters: [],
  masking: DRAIN3_EXAMPLE_MASKING,
});

interface Node {
  children: Map<string, Node>;
  clusterIds: number[];
}

interface Cluster {
  id: number;
  tokens: string[];
  size: number;
}

const newNode = (): Node => ({ children: new Map(), clusterIds: [] });
const hasDigit = (token: string) => /\d/.test(token);

export class ReferenceDrain3 {
  private readonly root = newNode();
  private readonly clusters = new Map<number, Cluster>();
  private readonly maxNodeDepth: number;
  private readonly masks: { regex: RegExp; replacement: string }[];

  constructor(private readonly options: Drain3Options = DRAIN3_DEFAULTS) {
    this.maxNodeDepth = options.depth - 2;
    this.masks = options.masking.map((m) => ({ regex: new RegExp(m.pattern, 'g'), replacement: `<:${m.maskWith}:>` }));
  }

  /** The cluster id of the line after learning from it (Drain3's `add_log_message`). */
  add(line: string): number {
    let content = line;
    for (const mask of this.masks) content = content.replace(mask.regex, mask.replacement);
    content = content.trim();
    for (const delimiter of this.options.extraDelimiters) content = content.split(delimiter).join(' ');
    const tokens = content.split(/\s+/).filter((t) => t.length > 0);
    const found = this.search(tokens);
    if (found === undefined) {
      const cluster: Cluster = { id: this.clusters.size + 1, tokens, size: 1 };
      this.clusters.set(cluster.id, cluster);
      this.insert(cluster);
      return cluster.id;
    }
    for (let i = 0; i < tokens.length; i++) if (found.tokens[i] !== tokens[i]) found.tokens[i] = PARAM;
    found.size++;
    return found.id;
  }

  /** A cluster's template text, parameters as `<*>` (undefined for an unknown id). */
  template(id: number): string | undefined {
    return this.clusters.get(id)?.tokens.join(' ');
  }

  get clusterCount(): number {
    return this.clusters.size;
  }

  private search(tokens: readonly string[]): Cluster | undefined {
    let node = this.root.children.get(String(tokens.length));
    if (node === undefined) return undefined;
    if (tokens.length === 0) return this.clusters.get(node.clusterIds[0]!);
    let depth = 1;
    for (const token of tokens) {
      if (depth >= this.maxNodeDepth || depth === tokens.length) break;
      const next: Node | undefined = node.children.get(token) ?? node.children.get(PARAM);
      if (next === undefined) return undefined;
      node = next;
      depth++;
    }
    let best: Cluster | undefined;
    let bestSim = -1;
    let bestParams = -1;
    for (const id of node.clusterIds) {
      const cluster = this.clusters.get(id)!;
      let same = 0;
      let params = 0;
      for (let i = 0; i < tokens.length; i++) {
        if (cluster.tokens[i] === PARAM) params++;
        else if (cluster.tokens[i] === tokens[i]) same++;
      }
      const sim = same / tokens.length;
      if (sim > bestSim || (sim === bestSim && params > bestParams)) {
        best = cluster;
        bestSim = sim;
        bestParams = params;
      }
    }
    return bestSim >= this.options.simTh ? best : undefined;
  }

  private insert(cluster: Cluster): void {
    const count = cluster.tokens.length;
    let node = this.root.children.get(String(count));
    if (node === undefined) {
      node = newNode();
      this.root.children.set(String(count), node);
    }
    if (count === 0) {
      node.clusterIds = [cluster.id];
      return;
    }
    let depth = 1;
    for (const token of cluster.tokens) {
      if (depth >= this.maxNodeDepth || depth >= count) {
        node.clusterIds.push(cluster.id);
        return;
      }
      node = this.child(node, token);
      depth++;
    }
  }

  /** Drain3's branch choice: numbers share `<*>`; words get a branch while fewer than max_children. */
  private child(node: Node, token: string): Node {
    const existing = node.children.get(token);
    if (existing !== undefined) return existing;
    const { maxChildren } = this.options;
    const make = (key: string) => {
      const created = newNode();
      node.children.set(key, created);
      return created;
    };
    if (hasDigit(token)) return node.children.get(PARAM) ?? make(PARAM);
    if (node.children.has(PARAM)) return node.children.size < maxChildren ? make(token) : node.children.get(PARAM)!;
    if (node.children.size + 1 < maxChildren) return make(token);
    if (node.children.size + 1 === maxChildren) return make(PARAM);
    return node.children.get(PARAM)!;
  }
}
