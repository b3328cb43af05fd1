/**
 * The grouping-accuracy benchmark's report: bench/results/grouping-accuracy.md and .json.
 */
import type { CrossValidation, MinerCrossValidation, StageRun } from '../../main/pipeline/test-support/index.js';

export interface SystemRow {
  system: string;
  drain3: number;
  minerInSample: number;
  minerTemplates: number;
  minerTwoFold: number;
  minerLeaveOneOut: number;
  stageInSample: number;
  stageGroups: number;
  stageTwoFold: number;
  stageLeaveOneOut: number;
}

/**
 * The miner before issue 11's changes (commit b600712), measured with this harness: in-sample and
 * cross-validated over the same candidate grid. Kept for the comparison; not re-measured.
 */
const BEFORE: Record<string, { inSample: number; twoFold: number; leaveOneOut: number; stage: number }> = {
  Apache: { inSample: 1, twoFold: 1, leaveOneOut: 1, stage: 1 },
  BGL: { inSample: 0.9645, twoFold: 0.976, leaveOneOut: 0.9645, stage: 0.956 },
  HDFS: { inSample: 0.9975, twoFold: 0.9975, leaveOneOut: 0.9975, stage: 0.998 },
  HPC: { inSample: 0.8995, twoFold: 0.9445, leaveOneOut: 0.8995, stage: 0.901 },
  Hadoop: { inSample: 0.9895, twoFold: 0.9895, leaveOneOut: 0.9895, stage: 0.981 },
  OpenSSH: { inSample: 0.9945, twoFold: 0.679, leaveOneOut: 0.679, stage: 0.995 },
  Spark: { inSample: 0.9245, twoFold: 0.9245, leaveOneOut: 0.9245, stage: 0.924 },
  Zookeeper: { inSample: 0.9885, twoFold: 0.9885, leaveOneOut: 0.9885, stage: 0.967 },
};

export interface ReportInput {
  rows: SystemRow[];
  minerCv: MinerCrossValidation;
  stageCv: { twoFold: CrossValidation; leaveOneOut: CrossValidation };
  stageByCandidate: Map<string, Map<string, StageRun>>;
  minerOptions: { depth: number; similarityThreshold: number };
  minerCandidates: string[];
  stageThreshold: number;
}

const f3 = (v: number) => v.toFixed(3);
const avg = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const mark = (value: number, drain3: number) => (value < drain3 ? `${f3(value)} ⚠` : f3(value));

export function groupingReport(input: ReportInput): { markdown: string; json: unknown } {
  const { rows, minerCv, stageCv, stageByCandidate } = input;
  const column = (pick: (r: SystemRow) => number) => f3(avg(rows.map(pick)));
  const folds = (cv: CrossValidation) => cv.folds.map((f) => `${f.fold} → ${f.chosen}`).join('; ');
  const candidates = [...stageByCandidate.keys()];
  const markdown = [
    '# Grouping accuracy (LogHub 2k samples)',
    '',
    'LogPAI grouping accuracy (a line is correct when the set of lines in its group is exactly the set sharing its',
    'EventId) on the eight labelled samples in `../shared/datasets/loghub-2k`, one configuration for every system.',
    'Written by `npm run bench -- grouping-accuracy` (bench/cases/grouping-accuracy.ts).',
    '',
    '- **Miner alone**: `createTemplateMiner().add` on the raw lines in file order; each line is grouped by the id',
    '  `add` returned for it (online, as the pipeline sees it).',
    '- **Whole grouping**: the real pipeline (normalise, redact, mine, join a new template to the most similar group',
    '  of its site when the cosine similarity of their embeddings reaches the threshold, store), built-in',
    '  hashed-n-gram embedder, one tenant and site per system, requests of 500 lines; the stored `groupId` is scored.',
    '- **In-sample**: the shipped defaults (miner depth ' +
      `${input.minerOptions.depth}, similarity threshold ${input.minerOptions.similarityThreshold}; joining threshold ` +
      `${input.stageThreshold}).`,
    '- **Cross-validated**: the settings are chosen (best mean) on some systems and scored on the others: two folds',
    '  of four (alternate systems by name), swapped; and leave one out. The miner chooses among',
    `  ${input.minerCandidates.length} settings (similarity threshold × tree depth), the stage among ${candidates.join(', ')}.`,
    '- **Drain3**: a reference Drain3 (test-support/drain3-reference.ts) with its documented defaults: depth 4,',
    '  sim_th 0.4, max_children 100, and the masking of its example configuration. ⚠ marks a figure below it.',
    '',
    'Expect the cross-validated figures on logs Outpost has not seen, not the in-sample ones; and even they are',
    'optimistic: the rules were written with these eight systems in view, which no split of them can undo. Logs',
    'unlike all eight can do worse; the variable classes they are known to hold are unit-tested on synthetic lines',
    '(main/pipeline/fingerprint/variable-classes.test.ts).',
    '',
    '| system | Drain3 | miner in-sample | miner 2-fold | miner leave-one-out | templates | whole in-sample | whole 2-fold | whole leave-one-out | groups |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows
      .map((r) =>
        [
          r.system,
          f3(r.drain3),
          mark(r.minerInSample, r.drain3),
          mark(r.minerTwoFold, r.drain3),
          mark(r.minerLeaveOneOut, r.drain3),
          r.minerTemplates,
          mark(r.stageInSample, r.drain3),
          mark(r.stageTwoFold, r.drain3),
          mark(r.stageLeaveOneOut, r.drain3),
          r.stageGroups,
        ].join(' | '),
      )
      .map((line) => `| ${line} |`),
    `| **average** | ${column((r) => r.drain3)} | **${column((r) => r.minerInSample)}** | **${column((r) => r.minerTwoFold)}** | **${column((r) => r.minerLeaveOneOut)}** | | **${column((r) => r.stageInSample)}** | **${column((r) => r.stageTwoFold)}** | **${column((r) => r.stageLeaveOneOut)}** | |`,
    '',
    `Settings chosen — miner, two folds: ${folds(minerCv.twoFold)}. Leave one out: ${folds(minerCv.leaveOneOut)}.`,
    '',
    `Whole grouping, two folds: ${folds(stageCv.twoFold)}. Leave one out: ${folds(stageCv.leaveOneOut)}.`,
    '',
    '## Whole grouping at each joining threshold',
    '',
    `| system | ${candidates.join(' | ')} |`,
    `| --- | ${candidates.map(() => '---:').join(' | ')} |`,
    ...rows.map(
      (r) =>
        `| ${r.system} | ${candidates.map((c) => f3(stageByCandidate.get(c)!.get(r.system)!.accuracy)).join(' | ')} |`,
    ),
    `| **average** | ${candidates.map((c) => f3(avg(rows.map((r) => stageByCandidate.get(c)!.get(r.system)!.accuracy)))).join(' | ')} |`,
    '',
    '## Before issue 11 (commit b600712)',
    '',
    'The miner before these changes, measured with this harness; the whole grouping figure is the one reported then',
    '(grouping-accuracy-pipeline.md at b600712, joins at 0.975). Through the whole pipeline it averaged 0.546 on eight',
    'other LogHub systems in an outside check, below Drain3 with its default masking there (0.583).',
    '',
    '| system | miner in-sample | miner 2-fold | miner leave-one-out | whole in-sample |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => {
      const b = BEFORE[r.system];
      return b
        ? `| ${r.system} | ${mark(b.inSample, r.drain3)} | ${mark(b.twoFold, r.drain3)} | ${mark(b.leaveOneOut, r.drain3)} | ${mark(b.stage, r.drain3)} |`
        : `| ${r.system} | | | | |`;
    }),
    `| **average** | ${f3(avg(Object.values(BEFORE).map((b) => b.inSample)))} | ${f3(avg(Object.values(BEFORE).map((b) => b.twoFold)))} | ${f3(avg(Object.values(BEFORE).map((b) => b.leaveOneOut)))} | ${f3(avg(Object.values(BEFORE).map((b) => b.stage)))} |`,
    '',
  ].join('\n');
  const json = {
    minerOptions: input.minerOptions,
    stageThreshold: input.stageThreshold,
    systems: rows,
    averages: {
      drain3: avg(rows.map((r) => r.drain3)),
      minerInSample: avg(rows.map((r) => r.minerInSample)),
      minerTwoFold: minerCv.twoFold.mean,
      minerLeaveOneOut: minerCv.leaveOneOut.mean,
      stageInSample: avg(rows.map((r) => r.stageInSample)),
      stageTwoFold: stageCv.twoFold.mean,
      stageLeaveOneOut: stageCv.leaveOneOut.mean,
    },
    chosen: {
      minerTwoFold: minerCv.twoFold.folds.map((f) => ({ fold: f.fold, chosen: f.chosen })),
      minerLeaveOneOut: minerCv.leaveOneOut.folds.map((f) => ({ fold: f.fold, chosen: f.chosen })),
      stageTwoFold: stageCv.twoFold.folds.map((f) => ({ fold: f.fold, chosen: f.chosen })),
      stageLeaveOneOut: stageCv.leaveOneOut.folds.map((f) => ({ fold: f.fold, chosen: f.chosen })),
    },
    before: BEFORE,
  };
  return { markdown, json };
}
