/**
 * Grouping accuracy of the whole grouping stage on the labelled LogHub samples
 * (../shared/datasets/loghub-2k): every line goes through the real pipeline (normalise, redact,
 * mine, join new templates to similar groups by embedding, store) with the default configuration
 * and the built-in hashed-n-gram embedder, one tenant and site per system, and each stored event's
 * `groupId` is scored against the EventIds. The miner alone (fingerprint/loghub-accuracy.test.ts)
 * is measured again beside it, so the table shows what the rest of the grouping adds or costs.
 * The table goes to bench/results/grouping-accuracy-pipeline.md and .json.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigSchema } from '../core/index.js';
import { openStore } from '../store/index.js';
import { createHashedNgramEmbedder } from './embed/index.js';
import { createTemplateMiner } from './fingerprint/index.js';
import type { LabelledSystem } from './fingerprint/test-support/grouping-accuracy.js';
import { groupingAccuracy, loadLoghub } from './fingerprint/test-support/grouping-accuracy.js';
import { createPipeline } from './pipeline.js';
import type { PipelineConfig } from './pipeline-types.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DATASETS = resolve(ROOT, '../shared/datasets/loghub-2k');
/** Drain3 on these samples with one general setting, measured here (see the issue). */
const DRAIN3_GENERAL_AVERAGE = 0.755;
/** Floors the whole grouping reaches with the defaults (see the report), less a margin. */
const AVERAGE_FLOOR = 0.95;
const SYSTEM_FLOOR = 0.88;
/** Requests as a webhook sender would make them (the ingest route takes at most 500 events). */
const CHUNK = 500;
/** Thresholds measured beside the default, for the report only. */
const OTHER_THRESHOLDS = [0.9, 0.95, Number.POSITIVE_INFINITY];

const quiet = { info() {}, warn() {}, error() {}, debug() {} };
const DEFAULTS: PipelineConfig = ConfigSchema.parse({ dataDir: tmpdir() }).pipeline;

interface SystemResult {
  system: string;
  lines: number;
  trueGroups: number;
  minerTemplates: number;
  minerAccuracy: number;
  groups: number;
  accuracy: number;
}

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('grouping accuracy of the whole pipeline on LogHub 2k samples', () => {
  it('keeps every system grouped well with the default configuration', { timeout: 600_000 }, async () => {
    if (!existsSync(DATASETS)) throw new Error(`the labelled LogHub samples are missing: expected them in ${DATASETS}`);
    const systems = loadLoghub(DATASETS);
    const results = await measure(systems, DEFAULTS);
    expect(results).toHaveLength(8);
    const others = [];
    for (const threshold of OTHER_THRESHOLDS) {
      const config = { ...DEFAULTS, grouping: { similarityThreshold: threshold } };
      others.push({ threshold, results: await measure(systems, config) });
    }
    writeReport(results, others);

    expect(mean(results, 'accuracy')).toBeGreaterThanOrEqual(AVERAGE_FLOOR);
    for (const result of results) {
      expect({ system: result.system, atLeastFloor: result.accuracy >= SYSTEM_FLOOR }).toEqual({
        system: result.system,
        atLeastFloor: true,
      });
      expect(result.accuracy).toBeGreaterThan(DRAIN3_GENERAL_AVERAGE);
    }
  });
});

/** Every system through one fresh pipeline and store: one tenant and site each, lines in file order. */
async function measure(systems: LabelledSystem[], config: PipelineConfig): Promise<SystemResult[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'outpost-grouping-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const store = await openStore({ dataDir, migrate: 'auto' });
  const pipeline = await createPipeline({
    store,
    embedder: createHashedNgramEmbedder(),
    bus: { publish() {} },
    logger: quiet,
    config,
    annDir: join(dataDir, 'ann'),
  });
  try {
    const out: SystemResult[] = [];
    for (const { system, lines } of systems) {
      const tenant = store.tenants.create({ slug: system.toLowerCase(), name: system });
      const scope = { tenantId: tenant.id, siteId: store.sites.ensureDefault({ tenantId: tenant.id }).id };
      const ids: string[] = [];
      for (let start = 0; start < lines.length; start += CHUNK) {
        const chunk = lines.slice(start, start + CHUNK).map((line) => ({ message: line.content }));
        ids.push(...(await pipeline.ingest(scope, 'loghub', chunk)).ids);
      }
      const byId = new Map(store.events.getMany(scope, ids).map((e) => [e.id, e.groupId]));
      const grouped = ids.map((id) => byId.get(id)!);
      const truth = lines.map((line) => line.eventId);
      const miner = createTemplateMiner();
      const mined = lines.map((line) => miner.add(line.content).templateId);
      out.push({
        system,
        lines: lines.length,
        trueGroups: new Set(truth).size,
        minerTemplates: miner.templates().length,
        minerAccuracy: groupingAccuracy(truth, mined),
        groups: new Set(grouped).size,
        accuracy: groupingAccuracy(truth, grouped),
      });
    }
    return out;
  } finally {
    await pipeline.close();
    store.close();
  }
}

function mean(results: SystemResult[], field: 'accuracy' | 'minerAccuracy'): number {
  return results.reduce((sum, r) => sum + r[field], 0) / results.length;
}

function writeReport(results: SystemResult[], others: { threshold: number; results: SystemResult[] }[]): void {
  const label = (t: number) => (Number.isFinite(t) ? `threshold ${t}` : 'no similarity joins');
  const rows = results.map((r, i) =>
    [
      r.system,
      r.lines,
      r.trueGroups,
      r.minerTemplates,
      r.minerAccuracy.toFixed(3),
      r.groups,
      r.accuracy.toFixed(3),
      ...others.map((o) => o.results[i]!.accuracy.toFixed(3)),
    ].join(' | '),
  );
  const averages = [
    mean(results, 'minerAccuracy'),
    mean(results, 'accuracy'),
    ...others.map((o) => mean(o.results, 'accuracy')),
  ];
  const markdown = [
    '# Grouping accuracy of the whole pipeline (LogHub 2k samples)',
    '',
    'LogPAI grouping accuracy (a line is correct when the set of lines in its group is exactly the set',
    'sharing its EventId) of the `groupId` each stored event gets from `createPipeline`: normalise,',
    'redact, mine the template, join a new template to the most similar group of its site when the',
    'cosine similarity of their embeddings reaches `pipeline.grouping.similarityThreshold`, store.',
    `Default configuration (threshold ${DEFAULTS.grouping.similarityThreshold}), built-in hashed-n-gram embedder, one tenant`,
    `and site per system, the lines in file order in requests of ${CHUNK}. "Miner alone" is the template miner on`,
    'the raw lines (as in grouping-accuracy.md). Written by `main/pipeline/grouping-accuracy.test.ts`.',
    '',
    `| system | lines | true groups | miner templates | miner alone | groups | whole grouping (default) | ${others.map((o) => label(o.threshold)).join(' | ')} |`,
    `| --- | ---: | ---: | ---: | ---: | ---: | ---: | ${others.map(() => '---:').join(' | ')} |`,
    ...rows.map((row) => `| ${row} |`),
    `| **average** | | | | **${averages[0]!.toFixed(3)}** | | **${averages[1]!.toFixed(3)}** | ${averages
      .slice(2)
      .map((a) => a.toFixed(3))
      .join(' | ')} |`,
    '',
    '## What the similarity joins cost, and the default',
    '',
    'With the earlier default of 0.9 the whole grouping averaged 0.931 against 0.966 with no joins at all:',
    'joins merged lines LogHub labels as different events, mostly a message with and without an optional',
    'field (OpenSSH `authentication failure; … rhost=<*>` and the same with `user=<*>`, similarity 0.970,',
    'which took OpenSSH from 0.995 to 0.747, below Drain3), messages whose one differing word reverses',
    "the meaning (Hadoop `Before Scheduling` / `After Scheduling`, 0.986) and BGL's dotted register dumps",
    '(0.90-0.95). A wrong join also hides the new-group alert of the new event. The joins that were right',
    'join variable-length repeats the miner cannot (HDFS `ask … to delete blk_<*> …`, HPC',
    '`inconsistent nodesets …`, 0.978-0.999). The default is therefore 0.975; the wrong join left at',
    "it is Hadoop's Before/After Scheduling (0.986).",
    '',
    'Tried with a throwaway variant of the group assigner and not kept: requiring the same token count',
    'makes joins worthless (0.963-0.966, as with no joins: the miner compares only lines of one length, so the',
    'only useful joins are between lengths); requiring the same first token as well as 0.975 reached',
    "0.967 (+0.002: it blocks Hadoop's Before/After), too little for a second rule and a group lookup",
    'per new template. The similarities are those of the hashed-n-gram embedder; with the sentence model',
    'they differ, and this measure should be rerun with a real (not random-weight) model when one is',
    'present. What no threshold fixes: redaction and normalisation cost Zookeeper 0.989 → 0.967 and',
    'BGL 0.965 → 0.959 before any join (redacted values make different events share a template, e.g.',
    "Zookeeper's `Client attempting to <*> <*> <*> at /<ip>:<*>` holds two EventIds).",
    '',
  ].join('\n');
  console.log(markdown);
  const dir = join(ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'grouping-accuracy-pipeline.md'), markdown);
  const json = {
    similarityThreshold: DEFAULTS.grouping.similarityThreshold,
    embedder: 'hashed-ngram',
    average: { minerAlone: round(averages[0]!), wholeGrouping: round(averages[1]!) },
    systems: results.map((r) => ({ ...r, minerAccuracy: round(r.minerAccuracy), accuracy: round(r.accuracy) })),
    otherThresholds: others.map((o) => ({
      similarityThreshold: Number.isFinite(o.threshold) ? o.threshold : null,
      average: round(mean(o.results, 'accuracy')),
      systems: o.results.map((r) => ({ system: r.system, groups: r.groups, accuracy: round(r.accuracy) })),
    })),
  };
  writeFileSync(join(dir, 'grouping-accuracy-pipeline.json'), `${JSON.stringify(json, null, 2)}\n`);
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
