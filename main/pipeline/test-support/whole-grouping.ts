/**
 * Grouping accuracy of the whole grouping stage on the labelled LogHub samples, shared by
 * grouping-accuracy.test.ts and the `grouping-accuracy` benchmark: every line goes through the real
 * pipeline (normalise, redact, mine, join new templates to similar groups by embedding, store) with
 * the built-in hashed-n-gram embedder, one tenant and site per system, in requests of 500 as a
 * webhook sender makes them, and each stored event's `groupId` is scored against the EventIds.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigSchema } from '../../core/index.js';
import { openStore } from '../../store/index.js';
import { createHashedNgramEmbedder } from '../embed/index.js';
import type { Candidate } from '../fingerprint/test-support/cross-validation.js';
import type { LabelledSystem } from '../fingerprint/test-support/grouping-accuracy.js';
import { groupingAccuracy } from '../fingerprint/test-support/grouping-accuracy.js';
import { createPipeline } from '../pipeline.js';
import type { PipelineConfig } from '../pipeline-types.js';

const quiet = { info() {}, warn() {}, error() {}, debug() {} };
/** Requests as a webhook sender would make them (the ingest route takes at most 500 events). */
export const CHUNK = 500;

export const DEFAULT_PIPELINE_CONFIG: PipelineConfig = ConfigSchema.parse({ dataDir: tmpdir() }).pipeline;

/**
 * The settings of the stage's own knob cross-validation chooses among: the similarity threshold at
 * which a new template joins a group by embedding (the default first, so a tie keeps it), and no
 * joins at all.
 */
export const GROUPING_CANDIDATES: readonly Candidate<number>[] = [
  DEFAULT_PIPELINE_CONFIG.grouping.similarityThreshold,
  0.95,
  0.9,
  Number.POSITIVE_INFINITY,
].map((threshold) => ({
  name: Number.isFinite(threshold) ? `joins at ${threshold}` : 'no joins',
  params: threshold,
}));

export interface StageRun {
  system: string;
  accuracy: number;
  groups: number;
}

/** Every system through one fresh pipeline and store with the given joining threshold. */
export async function runWholeGrouping(systems: readonly LabelledSystem[], threshold: number): Promise<StageRun[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'outpost-grouping-'));
  try {
    const store = await openStore({ dataDir, migrate: 'auto' });
    const pipeline = await createPipeline({
      store,
      embedder: createHashedNgramEmbedder(),
      bus: { publish() {} },
      logger: quiet,
      config: { ...DEFAULT_PIPELINE_CONFIG, grouping: { similarityThreshold: threshold } },
      annDir: join(dataDir, 'ann'),
    });
    try {
      const out: StageRun[] = [];
      for (const { system, lines } of systems) {
        const tenant = store.tenants.create({ slug: system.toLowerCase(), name: system });
        const scope = { tenantId: tenant.id, siteId: store.sites.ensureDefault({ tenantId: tenant.id }).id };
        const ids: string[] = [];
        for (let start = 0; start < lines.length; start += CHUNK) {
          const chunk = lines.slice(start, start + CHUNK).map((line) => ({ message: line.content }));
          ids.push(...(await pipeline.ingest(scope, 'loghub', chunk)).ids);
        }
        // New templates join groups like them once their embeddings arrive, after the answer: score that.
        await pipeline.flush();
        const byId = new Map(store.events.getMany(scope, ids).map((e) => [e.id, e.groupId]));
        const grouped = ids.map((id) => byId.get(id)!);
        out.push({
          system,
          accuracy: groupingAccuracy(
            lines.map((line) => line.eventId),
            grouped,
          ),
          groups: new Set(grouped).size,
        });
      }
      return out;
    } finally {
      await pipeline.close();
      store.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The stage at every candidate threshold: candidate name → system → run. */
export async function runGroupingCandidates(
  systems: readonly LabelledSystem[],
): Promise<Map<string, Map<string, StageRun>>> {
  const table = new Map<string, Map<string, StageRun>>();
  for (const candidate of GROUPING_CANDIDATES) {
    const runs = await runWholeGrouping(systems, candidate.params);
    table.set(candidate.name, new Map(runs.map((r) => [r.system, r])));
  }
  return table;
}
