import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { embedText } from './embed/hashed-ngram-embedder.js';
import { DEFAULT_DIMENSIONS } from './embed/index.js';
import { loadLoghub } from './fingerprint/test-support/grouping-accuracy.js';
import { loghubDir } from './fingerprint/test-support/miner-accuracy.js';
import { HASHED_NGRAM_FLOORS, relevanceFloors } from './relevance-floors.js';
import { gatherEvidence, trueTemplates, type SystemEvidence } from './test-support/relevance-evidence.js';

/**
 * The relevance floors are decided here, on labelled data: chosen on four LogHub systems, then
 * checked on the other four (never seen while choosing). With the hashed-n-gram embedder the
 * product uses when no model is installed.
 */
const DIR = loghubDir(join(import.meta.dirname, '..', '..'));
const TUNE = ['Apache', 'BGL', 'HDFS', 'HPC'];
const embed = (texts: string[]) => texts.map((t) => embedText(t, DEFAULT_DIMENSIONS));

function evidence(): { tune: SystemEvidence[]; heldOut: SystemEvidence[] } {
  const all = loadLoghub(DIR).map((system) =>
    gatherEvidence(
      system,
      embed,
      trueTemplates(readFileSync(join(DIR, `${system.system}_2k.log_structured.csv`), 'utf8')),
    ),
  );
  return { tune: all.filter((e) => TUNE.includes(e.system)), heldOut: all.filter((e) => !TUNE.includes(e.system)) };
}

const share = (values: number[], pass: (v: number) => boolean) => values.filter(pass).length / values.length;
const step = (value: number) => Math.ceil(value * 20 - 1e-9) / 20;

/** The smallest step of 0.05 above every nonsense query's best match: nonsense then finds nothing. */
function chooseSearchFloor(tune: readonly SystemEvidence[]): number {
  const worst = Math.max(...tune.flatMap((e) => e.nonsenseQueries.map((q) => q.best)));
  return step(worst + 1e-6);
}

/** The smallest step of 0.05 at which at most 2 % of unrelated group pairs would be suggested. */
function chooseSimilarFloor(tune: readonly SystemEvidence[]): number {
  const other = tune.flatMap((e) => e.otherPairs);
  for (let floor = 0; floor <= 1; floor += 0.05) {
    if (share(other, (s) => s >= floor - 1e-9) <= 0.02) return step(floor);
  }
  return 1;
}

describe('relevance floors (hashed-n-gram embedder, LogHub)', () => {
  const { tune, heldOut } = evidence();

  it('search: the floor is the one the tuning systems choose, and on unseen systems it drops nonsense and keeps real queries', () => {
    expect(HASHED_NGRAM_FLOORS.search).toBe(chooseSearchFloor(tune));
    const floor = HASHED_NGRAM_FLOORS.search;
    const nonsense = heldOut.flatMap((e) => e.nonsenseQueries.map((q) => q.best));
    const real = heldOut.flatMap((e) => e.realQueries.map((q) => q.right));
    const figures = { nonsenseDropped: share(nonsense, (s) => s < floor), realKept: share(real, (s) => s >= floor) };
    console.info('search floor', floor, 'held out:', figures);
    expect(figures.nonsenseDropped).toBeGreaterThanOrEqual(0.95);
    // Semantic matching alone; a real query's own words also find it by keyword, floor or not.
    expect(figures.realKept).toBeGreaterThanOrEqual(0.75);
    for (const e of [...tune, ...heldOut]) expect(e.nonsenseQueries[0]!.query).toBe('xyzzy');
    expect(Math.max(...[...tune, ...heldOut].map((e) => e.nonsenseQueries[0]!.best))).toBeLessThan(floor);
  });

  it('similar groups: the floor is the one the tuning systems choose, and on unseen systems few unrelated groups pass it', () => {
    expect(HASHED_NGRAM_FLOORS.similarGroups).toBe(chooseSimilarFloor(tune));
    const floor = HASHED_NGRAM_FLOORS.similarGroups;
    const other = heldOut.flatMap((e) => e.otherPairs);
    const same = [...tune, ...heldOut].flatMap((e) => e.samePairs);
    const figures = {
      unrelatedSuggested: share(other, (s) => s >= floor),
      sameSuggested: share(same, (s) => s >= floor),
      samePairs: same.length,
    };
    console.info('similar-groups floor', floor, 'held out:', figures);
    expect(figures.unrelatedSuggested).toBeLessThanOrEqual(0.05);
  });

  it('a sentence model gets floors of its own, and settings override either', () => {
    expect(relevanceFloors({ kind: 'hashed-ngram' })).toEqual(HASHED_NGRAM_FLOORS);
    expect(relevanceFloors({ kind: 'onnx' }).search).not.toBe(HASHED_NGRAM_FLOORS.search);
    expect(relevanceFloors({ kind: 'hashed-ngram' }, { search: 0.5 })).toEqual({ ...HASHED_NGRAM_FLOORS, search: 0.5 });
  });
});
