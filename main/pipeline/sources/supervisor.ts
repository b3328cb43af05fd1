import { OutpostError } from '../../contract/index.js';
import type { MediaIntake } from '../../media/index.js';
import type { IngestSink, PipelineScope } from '../event-types.js';
import { NO_FILES, type FileRoots } from './file-roots.js';
import { assertPathAllowed } from './source-access.js';
import { adapterFor, parseSourceConfig, type AdapterTable } from './source-config.js';
import { createHealthCell, describeFailure, type HealthCell } from './source-health.js';
import { DEFAULT_RESILIENCE, createSourceResilience, type ResilienceOptions } from './source-policies.js';
import { runPassiveSource, runPullSource, runPushSource, type Runner } from './source-runners.js';
import type {
  Checkpoint,
  MediaFetchRequester,
  SourceContext,
  SourceHealth,
  SourceKind,
  SourceLogger,
} from './source-types.js';

export interface SupervisorOptions {
  /** The pipeline's front door; wrapped per source so accepted counts and lastEventAt follow. */
  sink: IngestSink;
  /** Stores and checks media for a tenant; each source gets a writer for its own tenant. */
  blobs: MediaIntake;
  /** Where file-reading sources may read (the admin's `files.allowRead`, never the data folder); none when absent. */
  files?: FileRoots;
  /** Where sources queue fetches of an event's files (Frigate's HTTP API); see main/media. */
  mediaFetch?: MediaFetchRequester;
  checkpointsFor(sourceId: string): Checkpoint;
  logger: SourceLogger;
  /** Events a pull source may fetch per poll (default 1000). */
  budgetPerCycle?: number;
  /** A poll or start attempt slower than this is abandoned and counted as a failure (default 30 s). */
  pollTimeoutMs?: number;
  /** Used when an adapter does not say its own interval (default 5 s). */
  defaultPollIntervalMs?: number;
  resilience?: Partial<ResilienceOptions>;
  /** Adapters by kind (default SOURCE_ADAPTERS); tests pass stand-ins. */
  adapters?: AdapterTable;
  /** Called on every health change (state, error, counts). */
  onHealthChange?(sourceId: string, health: SourceHealth): void;
}

export interface SupervisedSource {
  id: string;
  kind: SourceKind;
  name: string;
  config: unknown;
  scope: PipelineScope;
}

export interface SourceSupervisor {
  /** Validates the config (invalid_input naming `config.…`) and starts the source; settles after its first attempt. */
  start(source: SupervisedSource): Promise<void>;
  stop(id: string): Promise<void>;
  stopAll(): Promise<void>;
  restart(source: SupervisedSource): Promise<void>;
  health(id: string): SourceHealth | undefined;
  healthAll(): Record<string, SourceHealth>;
  /**
   * Validates a config before it is stored (invalid_input naming `config.…`), including that a
   * file-reading source's path lies below the allowed roots; returns it with defaults filled in.
   */
  vetConfig(kind: string, config: unknown): Promise<unknown>;
  /** Settings' "test" button: invalid config throws invalid_input; an unreachable peer is `ok: false`. */
  test(kind: string, config: unknown): Promise<{ ok: boolean; message: string }>;
  /** For the webhook route, which ingests outside any adapter. */
  recordAccepted(id: string, count: number, textReplaced?: number): void;
  recordRejected(id: string, reason: string): void;
}

interface Entry {
  health: HealthCell;
  controller: AbortController;
  runner: Runner;
  dispose(): void;
}

export function createSourceSupervisor(options: SupervisorOptions): SourceSupervisor {
  const budget = options.budgetPerCycle ?? 1000;
  const timeoutMs = options.pollTimeoutMs ?? 30_000;
  const resilienceOptions = { ...DEFAULT_RESILIENCE, ...options.resilience };
  const running = new Map<string, Entry>();
  // Stopped sources keep their last health, so Settings shows why a source is stopped.
  const stoppedHealth = new Map<string, SourceHealth>();

  const begin = (source: SupervisedSource): Entry => {
    const adapter = adapterFor(source.kind, options.adapters);
    const config = parseSourceConfig(source.kind, source.config, options.adapters);
    const health = createHealthCell((h) => options.onHealthChange?.(source.id, h));
    const controller = new AbortController();
    const logger = options.logger;
    const ctx: SourceContext<unknown> = {
      sourceId: source.id,
      scope: source.scope,
      config,
      sink: {
        async ingest(scope, sourceId, events) {
          const result = await options.sink.ingest(scope, sourceId, events);
          health.accepted(events.length, result.textReplaced);
          return result;
        },
      },
      checkpoint: options.checkpointsFor(source.id),
      blobs: { put: (data, contentType, kind) => options.blobs.put(data, contentType, kind, source.scope.tenantId) },
      files: options.files ?? NO_FILES,
      ...(options.mediaFetch ? { mediaFetch: options.mediaFetch } : {}),
      logger,
      signal: controller.signal,
      reject(reason) {
        health.rejected(reason);
        logger.warn({ sourceId: source.id, kind: source.kind, reason }, 'source input rejected');
      },
      markOk: () => health.ok(),
      // The adapter logs the details; this is what Settings and /healthz show.
      fail: (reason) => health.fail(reason, 'degraded'),
    };
    const resilience = createSourceResilience(resilienceOptions, health);
    const input = {
      adapter,
      ctx,
      resilience,
      budget,
      timeoutMs,
      defaultIntervalMs: options.defaultPollIntervalMs ?? 5000,
    };
    const runner = adapter.poll ? runPullSource(input) : adapter.start ? runPushSource(input) : runPassiveSource();
    return { health, controller, runner, dispose: () => resilience.dispose() };
  };

  const stop = async (id: string): Promise<void> => {
    const entry = running.get(id);
    if (!entry) return;
    running.delete(id);
    entry.controller.abort();
    try {
      await entry.runner.stop();
    } catch (err) {
      options.logger.warn({ sourceId: id, error: describeFailure(err) }, 'source did not stop cleanly');
    }
    entry.dispose();
    entry.health.stopped();
    stoppedHealth.set(id, entry.health.get());
  };

  const start = async (source: SupervisedSource): Promise<void> => {
    if (running.has(source.id)) {
      throw new OutpostError('conflict', `Source ${source.id} is already running; stop or restart it instead.`);
    }
    const entry = begin(source);
    running.set(source.id, entry);
    stoppedHealth.delete(source.id);
    options.onHealthChange?.(source.id, entry.health.get());
    await entry.runner.ready;
  };

  return {
    start,
    stop,
    async stopAll() {
      await Promise.all([...running.keys()].map((id) => stop(id)));
    },
    async restart(source) {
      await stop(source.id);
      await start(source);
    },
    health(id) {
      return running.get(id)?.health.get() ?? stoppedHealth.get(id);
    },
    healthAll() {
      const all: Record<string, SourceHealth> = Object.fromEntries(stoppedHealth);
      for (const [id, entry] of running) all[id] = entry.health.get();
      return all;
    },
    async vetConfig(kind, config) {
      const parsed = parseSourceConfig(kind, config, options.adapters);
      if (adapterFor(kind, options.adapters).readsFiles) {
        await assertPathAllowed(options.files ?? NO_FILES, kind, parsed as { path: string });
      }
      return parsed;
    },
    async test(kind, config) {
      const adapter = adapterFor(kind, options.adapters);
      const parsed = parseSourceConfig(kind, config, options.adapters);
      try {
        return await adapter.test(parsed, { files: options.files ?? NO_FILES });
      } catch (err) {
        return { ok: false, message: describeFailure(err) };
      }
    },
    recordAccepted(id, count, textReplaced) {
      running.get(id)?.health.accepted(count, textReplaced);
    },
    recordRejected(id, reason) {
      running.get(id)?.health.rejected(reason);
    },
  };
}
