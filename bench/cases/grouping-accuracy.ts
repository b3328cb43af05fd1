import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  crossValidate,
  crossValidateMiner,
  DEFAULT_MINER_OPTIONS,
  DEFAULT_PIPELINE_CONFIG,
  GROUPING_CANDIDATES,
  loadLoghub,
  loghubDir,
  mean,
  MINER_CANDIDATES,
  runDrain3,
  runGroupingCandidates,
  runMiner,
  type CrossValidation,
} from '../../main/pipeline/test-support/index.js';
import type { BenchCase, Figure } from '../lib/types.js';
import { groupingReport, type SystemRow } from '../lib/grouping-report.js';

const AVERAGE_AIM = 0.9;

const benchCase: BenchCase = {
  name: 'grouping-accuracy',
  description:
    'LogPAI grouping accuracy on the eight labelled LogHub 2k samples, per system and on average: the template miner ' +
    'alone and the whole grouping stage (the real pipeline: normalise, redact, mine, join by embedding, store), each ' +
    'in-sample (the shipped defaults) and cross-validated (settings chosen on other systems), beside the reference ' +
    'Drain3 with its documented defaults. Full tables in bench/results/grouping-accuracy.md.',
  async run(ctx) {
    const systems = loadLoghub(loghubDir(ctx.root));
    ctx.note(
      `${systems.length} systems × ${systems[0]?.lines.length ?? 0} lines; cross-validation: two folds of four ` +
        '(alternate systems by name, swapped) and leave one out.',
    );
    ctx.log('  miner: in-sample, Drain3 and cross-validation');
    const drain3 = new Map(systems.map((s) => [s.system, runDrain3(s).accuracy]));
    const miner = new Map(systems.map((s) => [s.system, runMiner(s)]));
    const minerCv = await crossValidateMiner(systems);
    ctx.log('  whole grouping stage at every candidate threshold');
    const stage = await runGroupingCandidates(systems);
    const stageCv = await crossValidate(
      systems,
      GROUPING_CANDIDATES,
      (system, params) =>
        stage.get(GROUPING_CANDIDATES.find((c) => c.params === params)!.name)!.get(system.system)!.accuracy,
    );
    const stageDefault = stage.get(GROUPING_CANDIDATES[0]!.name)!;

    const cvOf = (cv: CrossValidation, system: string) => cv.systems.find((s) => s.system === system)!.accuracy;
    const rows: SystemRow[] = systems.map(({ system }) => ({
      system,
      drain3: drain3.get(system)!,
      minerInSample: miner.get(system)!.accuracy,
      minerTemplates: miner.get(system)!.templates,
      minerTwoFold: cvOf(minerCv.twoFold, system),
      minerLeaveOneOut: cvOf(minerCv.leaveOneOut, system),
      stageInSample: stageDefault.get(system)!.accuracy,
      stageGroups: stageDefault.get(system)!.groups,
      stageTwoFold: cvOf(stageCv.twoFold, system),
      stageLeaveOneOut: cvOf(stageCv.leaveOneOut, system),
    }));
    const report = groupingReport({
      rows,
      minerCv,
      stageCv,
      stageByCandidate: stage,
      minerOptions: {
        depth: DEFAULT_MINER_OPTIONS.depth,
        similarityThreshold: DEFAULT_MINER_OPTIONS.similarityThreshold,
      },
      minerCandidates: MINER_CANDIDATES.map((c) => c.name),
      stageThreshold: DEFAULT_PIPELINE_CONFIG.grouping.similarityThreshold,
    });
    const dir = join(ctx.root, 'bench', 'results');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'grouping-accuracy.md'), report.markdown);
    await writeFile(join(dir, 'grouping-accuracy.json'), `${JSON.stringify(report.json, null, 2)}\n`);

    const below = rows.filter(
      (r) => Math.min(r.minerTwoFold, r.minerLeaveOneOut, r.stageTwoFold, r.stageLeaveOneOut) < r.drain3,
    );
    ctx.note(
      `Systems below Drain3's default in any cross-validated setting: ${below.map((r) => r.system).join(', ') || 'none'}.`,
    );
    const figures: Figure[] = [
      { name: 'miner alone, in-sample, average', unit: 'GA', value: round(mean(rows.map((r) => r.minerInSample))) },
      {
        name: 'miner alone, cross-validated (two folds), average',
        unit: 'GA',
        value: round(minerCv.twoFold.mean),
        aim: { stat: 'value', op: '>=', target: AVERAGE_AIM },
      },
      {
        name: 'miner alone, cross-validated (leave one out), average',
        unit: 'GA',
        value: round(minerCv.leaveOneOut.mean),
      },
      { name: 'whole grouping, in-sample, average', unit: 'GA', value: round(mean(rows.map((r) => r.stageInSample))) },
      {
        name: 'whole grouping, cross-validated (two folds), average',
        unit: 'GA',
        value: round(stageCv.twoFold.mean),
        aim: { stat: 'value', op: '>=', target: AVERAGE_AIM },
      },
      {
        name: 'whole grouping, cross-validated (leave one out), average',
        unit: 'GA',
        value: round(stageCv.leaveOneOut.mean),
      },
      { name: 'reference Drain3 (defaults), average', unit: 'GA', value: round(mean(rows.map((r) => r.drain3))) },
      {
        name: "systems below Drain3's default, cross-validated",
        unit: 'count',
        value: below.length,
        aim: { stat: 'value', op: '<=', target: 0 },
      },
    ];
    for (const r of rows) {
      figures.push(
        { name: `${r.system}: miner, in-sample`, unit: 'GA', value: round(r.minerInSample) },
        { name: `${r.system}: miner, cross-validated (two folds)`, unit: 'GA', value: round(r.minerTwoFold) },
        { name: `${r.system}: whole grouping in-sample`, unit: 'GA', value: round(r.stageInSample) },
        { name: `${r.system}: whole grouping, cross-validated (two folds)`, unit: 'GA', value: round(r.stageTwoFold) },
        { name: `${r.system}: reference Drain3`, unit: 'GA', value: round(r.drain3) },
      );
    }
    return figures;
  },
};

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

export default benchCase;
