/**
 * List templates: a message that ends in a list after a fixed prefix (`Users online: alice bob`,
 * `Loaded plugins: a, b, c`) has one template whatever the list's length. The parse tree groups lines
 * by token count, so such lines would otherwise make one template per length. A list template ends in
 * one `<*>` that takes the rest of the line.
 *
 * A list is what follows the line's last `:` or `=`: two or more single-token items separated by
 * commas, with no brackets, no further delimiters and no state word. One such line is not evidence
 * of a list; a second line with the same prefix whose list has another length is.
 */
import type { Cluster } from './cluster.js';
import type { PreparedLine } from './prepared-line.js';
import { STATE, VALUE, WILD } from './token-kinds.js';

const LIST_DELIMITERS = new Set([':', '=']);
const NOT_IN_A_LIST = new Set([':', '=', '(', ')', '[', ']', '{', '}', ';']);

interface Candidate {
  cluster: Cluster;
  tail: string[];
}

export class ListTemplates {
  /** List templates by prefix key. */
  private readonly lists = new Map<string, Cluster>();
  private readonly keys = new Map<Cluster, string>();
  /** Per prefix key, the first fixed-length template whose line ended in a list. */
  private readonly candidates = new Map<string, Candidate>();
  private readonly candidateKeys = new Map<Cluster, string>();

  get size(): number {
    return this.lists.size;
  }

  /** Every list template with its prefix key (for saved state). */
  entries(): IterableIterator<[Cluster, string]> {
    return this.keys.entries();
  }

  /** The list template for the line, if one exists. */
  find(line: PreparedLine, start: number): Cluster | undefined {
    return this.lists.get(prefixKey(line, start));
  }

  /**
   * A fixed-length template that, with this line, shows its prefix is followed by a list: its own
   * line's list had another length.
   */
  pairFor(line: PreparedLine, start: number): Cluster | undefined {
    const candidate = this.candidates.get(prefixKey(line, start));
    if (candidate === undefined || candidate.tail.length === line.tokens.length - start) return undefined;
    return candidate.cluster;
  }

  /** The evidence waiting for a second line (for saved state). */
  *evidence(): Generator<{ cluster: Cluster; key: string; tail: string[] }> {
    for (const [key, candidate] of this.candidates) yield { cluster: candidate.cluster, key, tail: candidate.tail };
  }

  restoreEvidence(cluster: Cluster, key: string, tail: string[]): void {
    this.candidates.set(key, { cluster, tail });
    this.candidateKeys.set(cluster, key);
  }

  /** Remembers a new fixed-length template whose line ended in a list (the first per prefix). */
  remember(cluster: Cluster, line: PreparedLine, start: number): void {
    const key = prefixKey(line, start);
    if (this.candidates.has(key)) return;
    this.candidates.set(key, { cluster, tail: line.tokens.slice(start) });
    this.candidateKeys.set(cluster, key);
  }

  /**
   * Registers a list template under the prefix key of the lines that made it (the template's own
   * prefix may already hold `<*>` where those lines have words).
   */
  add(cluster: Cluster, key: string): void {
    this.lists.set(key, cluster);
    this.keys.set(cluster, key);
    const candidate = this.candidates.get(key);
    if (candidate) this.candidateKeys.delete(candidate.cluster);
    this.candidates.delete(key);
  }

  remove(cluster: Cluster): void {
    const key = this.keys.get(cluster);
    if (key !== undefined && this.lists.get(key) === cluster) this.lists.delete(key);
    this.keys.delete(cluster);
    const candidateKey = this.candidateKeys.get(cluster);
    if (candidateKey !== undefined) this.candidates.delete(candidateKey);
    this.candidateKeys.delete(cluster);
  }
}

/** Where the line's list starts (after its last `:` or `=`), or -1 when it does not end in a list. */
export function listStart(line: PreparedLine): number {
  const { tokens, kinds } = line;
  let start = -1;
  for (let i = tokens.length - 2; i >= 1; i--) {
    if (LIST_DELIMITERS.has(tokens[i]!)) {
      start = i + 1;
      break;
    }
  }
  if (start < 0) return -1;
  // Items alternate with commas, `a, b, c`, and there are at least two (a list without commas
  // cannot be told from a sentence; runs of values are joined before this, see prepared-line.ts).
  const items = tokens.length - start;
  if (items < 3 || items % 2 === 0) return -1;
  for (let i = start; i < tokens.length; i++) {
    const token = tokens[i]!;
    if ((i - start) % 2 === 1) {
      if (token !== ',') return -1;
    } else if (kinds[i] === STATE || NOT_IN_A_LIST.has(token)) {
      return -1;
    }
  }
  return start;
}

export function prefixKey(line: PreparedLine, start: number): string {
  return keyOf(line.tokens, line.kinds, start);
}

/** The prefix's tokens, values as `<*>`: lines whose prefixes differ only in values share a list. */
function keyOf(tokens: readonly string[], kinds: Uint8Array, end: number): string {
  let key = '';
  for (let i = 0; i < end; i++) key += (kinds[i] === VALUE || kinds[i] === WILD ? '<*>' : tokens[i]) + '\u0001';
  return key;
}
