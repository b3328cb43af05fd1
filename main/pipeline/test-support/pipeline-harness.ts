import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOutboundGuard } from '../../outbound/index.js';
import { openStore, type Store } from '../../store/index.js';
import { createHashedNgramEmbedder, type Embedder } from '../embed/index.js';
import { createPipeline } from '../pipeline.js';
import type { Pipeline, PipelineConfig } from '../pipeline-types.js';

const quiet = { info() {}, warn() {}, error() {}, debug() {} };

export function pipelineConfig(overrides: Partial<PipelineConfig> = {}): PipelineConfig {
  return {
    grouping: { similarityThreshold: 0.9 },
    batch: { maxEvents: 100, maxWaitMs: 2 },
    spike: { warmupMinutes: 3, minCount: 5, cooldownMinutes: 0 },
    redaction: { patterns: [], disable: [] },
    classifier: { rules: [] },
    notify: { webhooks: [] },
    annThreshold: 5000,
    deviceCheckSeconds: 3600,
    media: { maxBytes: 1024 },
    ...overrides,
  };
}

export interface PipelineSetup {
  store: Store;
  pipeline: Pipeline;
  scope: { tenantId: string; siteId: string };
  published: { topic: string; payload: unknown }[];
  dataDir: string;
}

export interface SetupOptions {
  config?: Partial<PipelineConfig>;
  now?: () => number;
  embedder?: Embedder;
  /** A folder to reuse (a restart); a fresh temporary one otherwise, removed by cleanup(). */
  dataDir?: string;
}

/**
 * A real pipeline on a real SQLite file for the pipeline's tests: `setup()` as often as a test needs,
 * `cleanup()` after each test (newest first; the first error is thrown after all ran), `close()` after all.
 */
export function pipelineHarness() {
  // The webhook receivers of these tests listen on loopback, which the guard refuses unless allowed.
  const guard = createOutboundGuard({ allow: ['127.0.0.0/8'] });
  const cleanups: Array<() => Promise<void> | void> = [];
  return {
    async setup(options: SetupOptions = {}): Promise<PipelineSetup> {
      const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'outpost-pipeline-')));
      if (!options.dataDir) cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
      const store = await openStore({ dataDir, migrate: 'auto' });
      cleanups.push(() => store.close());
      const tenant = store.tenants.ensureDefault();
      const site = store.sites.ensureDefault({ tenantId: tenant.id });
      const published: PipelineSetup['published'] = [];
      const pipeline = await createPipeline({
        store,
        embedder: options.embedder ?? createHashedNgramEmbedder(),
        bus: { publish: (_tenant, topic, payload) => void published.push({ topic, payload }) },
        logger: quiet,
        config: pipelineConfig(options.config),
        annDir: join(dataDir, 'ann'),
        fetch: guard.fetch,
        ...(options.now ? { now: options.now } : {}),
      });
      cleanups.push(() => pipeline.close());
      return { store, pipeline, scope: { tenantId: tenant.id, siteId: site.id }, published, dataDir };
    },
    /** A new pipeline on `from`'s store and folder, as after a restart (closed by cleanup()). */
    async restart(from: PipelineSetup, options: Omit<SetupOptions, 'dataDir'> = {}): Promise<Pipeline> {
      const pipeline = await createPipeline({
        store: from.store,
        embedder: options.embedder ?? createHashedNgramEmbedder(),
        bus: { publish() {} },
        logger: quiet,
        config: pipelineConfig(options.config),
        annDir: join(from.dataDir, 'ann'),
        fetch: guard.fetch,
        ...(options.now ? { now: options.now } : {}),
      });
      cleanups.push(() => pipeline.close());
      return pipeline;
    },
    async cleanup(): Promise<void> {
      const errors: unknown[] = [];
      for (const cleanup of cleanups.splice(0).reverse()) {
        try {
          await cleanup();
        } catch (err) {
          errors.push(err);
        }
      }
      if (errors.length) throw errors[0];
    },
    close: () => guard.close(),
  };
}
