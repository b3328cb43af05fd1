/**
 * The labelled evidence behind the relevance floors (relevance-floors.ts), shared by their test: on
 * each LogHub system, the miner's templates are the groups (each labelled with the EventId most of
 * its lines carry) and are embedded as the pipeline embeds a new group's template.
 *
 * - Similar groups: every pair of groups of a system is "same" when both carry one EventId (a
 *   template the miner split that a person would merge) and "other" otherwise.
 * - Search: a real query is two to four consecutive words of an EventId's true template (as a
 *   person who read the log would type them), answered right when a group of that EventId is at or
 *   above the floor; a nonsense query (made-up words, and words no log of these systems holds)
 *   is answered right when no group is.
 */
import { createTemplateMiner } from '../fingerprint/index.js';
import { ReferenceDrain3 } from '../fingerprint/test-support/drain3-reference.js';
import type { LabelledSystem } from '../fingerprint/test-support/grouping-accuracy.js';
import { parseCsvObjects } from '../fingerprint/test-support/rfc4180.js';

export type Embed = (texts: string[]) => Float32Array[];

export interface SystemEvidence {
  system: string;
  /** Similarities of group pairs that share an EventId, and of pairs that do not. */
  samePairs: number[];
  otherPairs: number[];
  /** For each real query: its best similarity to a group of its EventId, and to any other group. */
  realQueries: { query: string; right: number; wrong: number }[];
  /** For each nonsense query: its best similarity to any group. */
  nonsenseQueries: { query: string; best: number }[];
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
}

/** A small deterministic generator (mulberry32), so the evidence is the same on every run. */
function random(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let x = Math.imul(t ^ (t >>> 15), 1 | t);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** Words of everyday English that none of the eight systems logs (checked against their text). */
const FOREIGN_WORDS = [
  'banana',
  'telescope',
  'giraffe',
  'violin',
  'pancake',
  'umbrella',
  'harbour',
  'tulip',
  'saxophone',
  'marmalade',
  'kangaroo',
  'lighthouse',
  'pelican',
  'meadow',
  'cathedral',
  'origami',
  'walrus',
  'lantern',
  'cinnamon',
  'hedgehog',
  'volcano',
  'ballet',
  'orchard',
  'penguin',
  'trumpet',
  'waffle',
  'glacier',
  'puppet',
];

function madeUpWord(next: () => number): string {
  const consonants = 'bcdfghjklmnpqrstvwxz';
  const vowels = 'aeiouy';
  let word = '';
  const length = 4 + Math.floor(next() * 5);
  for (let i = 0; i < length; i++) {
    const from = i % 2 === 0 ? consonants : vowels;
    word += from[Math.floor(next() * from.length)];
  }
  return word;
}

/** Each EventId's true template (`EventTemplate`), as the samples label them. */
export function trueTemplates(csv: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const row of parseCsvObjects(csv)) {
    const id = row['EventId'];
    const template = row['EventTemplate'];
    if (id && template && !out.has(id)) out.set(id, template);
  }
  return out;
}

/** Words of a true template that a person could type: letters only, no placeholders. */
function typedWords(template: string): string[] {
  return template
    .replace(/<\*>/g, ' ')
    .split(/[^A-Za-z]+/)
    .filter((w) => w.length >= 3);
}

/** The groups a grouping makes of a system's lines, each labelled with its lines' majority EventId. */
function labelledGroups(system: LabelledSystem, by: 'miner' | 'drain3'): { text: string; eventId: string }[] {
  const miner = createTemplateMiner();
  const drain = new ReferenceDrain3();
  const keys = system.lines.map((line) =>
    by === 'miner' ? miner.add(line.content).templateId : String(drain.add(line.content)),
  );
  const votes = new Map<string, Map<string, number>>();
  keys.forEach((key, i) => {
    const counts = votes.get(key) ?? new Map<string, number>();
    const eventId = system.lines[i]!.eventId;
    counts.set(eventId, (counts.get(eventId) ?? 0) + 1);
    votes.set(key, counts);
  });
  const text = (key: string) =>
    by === 'miner' ? miner.templates().find((t) => t.templateId === key)!.template : drain.template(Number(key))!;
  return [...votes.entries()].map(([key, counts]) => ({
    text: text(key),
    eventId: [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0],
  }));
}

function pairs(groups: { eventId: string }[], vectors: Float32Array[], same: number[], other: number[]): void {
  for (let i = 0; i < groups.length; i++) {
    for (let j = i + 1; j < groups.length; j++) {
      (groups[i]!.eventId === groups[j]!.eventId ? same : other).push(cosine(vectors[i]!, vectors[j]!));
    }
  }
}

/**
 * Similar-group pairs come from two groupings: Outpost's miner, and Drain3 with its defaults, which
 * splits more of an EventId into several groups, as any miner does on logs unlike the ones it was
 * tuned on; those splits are the groups a person would merge. Search runs over the miner's groups.
 */
export function gatherEvidence(
  system: LabelledSystem,
  embed: Embed,
  templatesById: Map<string, string>,
): SystemEvidence {
  const groups = labelledGroups(system, 'miner');
  const vectors = embed(groups.map((g) => g.text));
  const drainGroups = labelledGroups(system, 'drain3');
  const drainVectors = embed(drainGroups.map((g) => g.text));
  const samePairs: number[] = [];
  const otherPairs: number[] = [];
  pairs(groups, vectors, samePairs, otherPairs);
  pairs(drainGroups, drainVectors, samePairs, otherPairs);

  const next = random(system.system.length * 7919 + 17);
  const asked: { eventId: string; query: string }[] = [];
  for (const [eventId, template] of templatesById) {
    const words = typedWords(template);
    if (words.length < 2 || !groups.some((g) => g.eventId === eventId)) continue;
    const length = Math.min(words.length, 2 + Math.floor(next() * 3));
    const start = Math.floor(next() * (words.length - length + 1));
    asked.push({ eventId, query: words.slice(start, start + length).join(' ') });
  }
  const nonsense: string[] = ['xyzzy'];
  for (let i = 0; i < 40; i++) {
    const count = 1 + Math.floor(next() * 3);
    const words = Array.from({ length: count }, () =>
      next() < 0.5 ? madeUpWord(next) : FOREIGN_WORDS[Math.floor(next() * FOREIGN_WORDS.length)]!,
    );
    nonsense.push(words.join(' '));
  }
  const realVectors = embed(asked.map((q) => q.query));
  const realQueries = asked.map(({ eventId, query }, k) => {
    let right = -1;
    let wrong = -1;
    groups.forEach((g, i) => {
      const s = cosine(realVectors[k]!, vectors[i]!);
      if (g.eventId === eventId) right = Math.max(right, s);
      else wrong = Math.max(wrong, s);
    });
    return { query, right, wrong };
  });
  const nonsenseVectors = embed(nonsense);
  const nonsenseQueries = nonsense.map((query, k) => ({
    query,
    best: Math.max(...vectors.map((v) => cosine(nonsenseVectors[k]!, v))),
  }));
  return { system: system.system, samePairs, otherPairs, realQueries, nonsenseQueries };
}
