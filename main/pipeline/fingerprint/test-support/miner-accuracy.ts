/**
 * The miner's grouping accuracy on the labelled LogHub samples, shared by the accuracy tests and the
 * `grouping-accuracy` benchmark: the miner alone per system, the reference Drain3 per system, and
 * the miner cross-validated over a small grid of its parameters.
 */
import { resolve } from 'node:path';
import type { MinerOptions } from '../miner.js';
import { createTemplateMiner, DEFAULT_MINER_OPTIONS } from '../miner.js';
import type { Candidate, CrossValidation } from './cross-validation.js';
import { crossValidate } from './cross-validation.js';
import { ReferenceDrain3 } from './drain3-reference.js';
import type { LabelledSystem } from './grouping-accuracy.js';
import { groupingAccuracy } from './grouping-accuracy.js';

/** The labelled samples, beside the repository (`../shared/datasets/loghub-2k`). */
export function loghubDir(repositoryRoot: string): string {
  return resolve(repositoryRoot, '../shared/datasets/loghub-2k');
}

export interface MinerRun {
  accuracy: number;
  templates: number;
}

/** Every line through one fresh miner in file order, grouped by the id `add` returned (online). */
export function runMiner(system: LabelledSystem, options: Partial<MinerOptions> = {}): MinerRun {
  const miner = createTemplateMiner(options);
  const predicted = system.lines.map((line) => miner.add(line.content).templateId);
  return {
    accuracy: groupingAccuracy(
      system.lines.map((line) => line.eventId),
      predicted,
    ),
    templates: miner.templates().length,
  };
}

export function runDrain3(system: LabelledSystem): MinerRun {
  const drain = new ReferenceDrain3();
  const predicted = system.lines.map((line) => String(drain.add(line.content)));
  return {
    accuracy: groupingAccuracy(
      system.lines.map((line) => line.eventId),
      predicted,
    ),
    templates: drain.clusterCount,
  };
}

/**
 * The settings cross-validation chooses among: the similarity threshold and the tree depth, the
 * miner's two tuning knobs, around the defaults. The defaults come first, so a tie keeps them.
 */
export const MINER_CANDIDATES: readonly Candidate<Partial<MinerOptions>>[] = (() => {
  const { similarityThreshold, depth } = DEFAULT_MINER_OPTIONS;
  const thresholds = [similarityThreshold, 0.6, 0.7, 0.8, 0.9];
  const depths = [depth, 3, 5];
  return depths.flatMap((d) =>
    thresholds.map((t) => ({ name: `threshold ${t}, depth ${d}`, params: { similarityThreshold: t, depth: d } })),
  );
})();

export interface MinerCrossValidation {
  twoFold: CrossValidation;
  leaveOneOut: CrossValidation;
}

export async function crossValidateMiner(systems: readonly LabelledSystem[]): Promise<MinerCrossValidation> {
  const { twoFold, leaveOneOut } = await crossValidate(
    systems,
    MINER_CANDIDATES,
    (system, params) => runMiner(system, params).accuracy,
  );
  return { twoFold, leaveOneOut };
}

export function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}
