/**
 * Cross-validation of grouping accuracy over the labelled systems: a parameter setting is chosen on
 * some systems (the best mean accuracy among the candidates) and scored on the others, so the figure
 * says what a user can expect on logs the settings were not chosen on. Two schemes:
 * - two folds of four systems (alternate systems in name order), each chosen on one and scored on the
 *   other, then swapped;
 * - leave one out: chosen on seven, scored on the eighth.
 * Scores are memoised per system and candidate, so both schemes share the runs.
 */
import type { LabelledSystem } from './grouping-accuracy.js';

export interface Candidate<P> {
  name: string;
  params: P;
}

export interface Fold {
  name: string;
  train: string[];
  test: string[];
}

export interface FoldResult {
  fold: string;
  chosen: string;
  trainMean: number;
  test: { system: string; accuracy: number }[];
}

export interface CrossValidation {
  scheme: 'two-fold' | 'leave-one-out';
  folds: FoldResult[];
  /** Per system: its score under the setting chosen without it. */
  systems: { system: string; accuracy: number; chosen: string }[];
  mean: number;
}

/** Alternate systems in name order: 0,2,4,6 against 1,3,5,7, then swapped. */
export function twoFolds(names: readonly string[]): Fold[] {
  const sorted = [...names].sort();
  const a = sorted.filter((_, i) => i % 2 === 0);
  const b = sorted.filter((_, i) => i % 2 === 1);
  return [
    { name: `choose on ${a.join(', ')}`, train: a, test: b },
    { name: `choose on ${b.join(', ')}`, train: b, test: a },
  ];
}

export function leaveOneOut(names: readonly string[]): Fold[] {
  return [...names].sort().map((held) => ({
    name: `hold out ${held}`,
    train: names.filter((n) => n !== held),
    test: [held],
  }));
}

export type Scorer<P> = (system: LabelledSystem, params: P) => number | Promise<number>;

/** Runs every scheme over the candidates; each (system, candidate) pair is scored once. */
export async function crossValidate<P>(
  systems: readonly LabelledSystem[],
  candidates: readonly Candidate<P>[],
  score: Scorer<P>,
): Promise<{ twoFold: CrossValidation; leaveOneOut: CrossValidation; table: Map<string, Map<string, number>> }> {
  if (candidates.length === 0) throw new Error('cross-validation needs at least one candidate');
  const table = new Map<string, Map<string, number>>();
  for (const system of systems) {
    const row = new Map<string, number>();
    for (const candidate of candidates) row.set(candidate.name, await score(system, candidate.params));
    table.set(system.system, row);
  }
  const names = systems.map((s) => s.system);
  return {
    twoFold: run('two-fold', twoFolds(names), candidates, table),
    leaveOneOut: run('leave-one-out', leaveOneOut(names), candidates, table),
    table,
  };
}

function run<P>(
  scheme: CrossValidation['scheme'],
  folds: Fold[],
  candidates: readonly Candidate<P>[],
  table: Map<string, Map<string, number>>,
): CrossValidation {
  const results = folds.map((fold) => {
    const { name, mean } = choose(fold.train, candidates, table);
    return {
      fold: fold.name,
      chosen: name,
      trainMean: mean,
      test: fold.test.map((system) => ({ system, accuracy: table.get(system)!.get(name)! })),
    };
  });
  const systems = results
    .flatMap((r) => r.test.map((t) => ({ ...t, chosen: r.chosen })))
    .sort((x, y) => x.system.localeCompare(y.system));
  return {
    scheme,
    folds: results,
    systems,
    mean: systems.reduce((sum, s) => sum + s.accuracy, 0) / systems.length,
  };
}

/** The candidate with the best mean on the training systems; the earlier candidate wins a tie. */
function choose<P>(
  train: readonly string[],
  candidates: readonly Candidate<P>[],
  table: Map<string, Map<string, number>>,
): { name: string; mean: number } {
  let best = { name: candidates[0]!.name, mean: -1 };
  for (const candidate of candidates) {
    const mean = train.reduce((sum, system) => sum + table.get(system)!.get(candidate.name)!, 0) / train.length;
    if (mean > best.mean + 1e-12) best = { name: candidate.name, mean };
  }
  return best;
}
