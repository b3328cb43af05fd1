import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEmbedder, findModelDir, type Embedder } from './embed/index.js';
import { createPipeline } from './pipeline.js';
import type { Pipeline } from './pipeline-types.js';
import {
  createFileRoots,
  createSourceSupervisor,
  type MediaFetchRequester,
  type SourceSupervisor,
} from './sources/index.js';
import type { BlobStore, MediaIntake } from '../media/index.js';
import type { OutboundGuard } from '../outbound/index.js';
import type { SiteScope, SourceRow, Store } from '../store/index.js';
import type { Config, EventBus, Logger } from '../core/slice-kit/index.js';

export interface PipelineParts {
  embedder: Embedder;
  pipeline: Pipeline;
  supervisor: SourceSupervisor;
  blobs: BlobStore;
  /** Where sources and webhooks store snapshots and clips (checked, index first; see main/media). */
  media: MediaIntake;
  /** Starts a stored source under the supervisor (its health and checkpoint follow its tenant). */
  startSource(source: SourceRow): Promise<void>;
  /** Stops every source of a tenant (the tenant was disabled). */
  stopTenant(tenantId: string): Promise<void>;
  /** Starts every enabled source of a tenant again; one that fails is logged and shown in its health. */
  startTenant(tenantId: string): Promise<void>;
  /** Stops every source of a site and commits what is on its way (the site is being removed). */
  stopSite(scope: SiteScope): Promise<void>;
  /** Starts the enabled sources of a site again (its removal failed). */
  startSite(scope: SiteScope): Promise<void>;
  /** Stops the sources, drains the pipeline and closes the embedder, in that order. */
  close(): Promise<void>;
}

/** The app's resources folder (`resources/` of the install), where a bundled model would sit. */
function resourcesDir(): string {
  return resolve(
    fileURLToPath(new URL('.', import.meta.url)),
    '..',
    '..',
    ...(import.meta.url.includes('/dist/') ? ['..'] : []),
    'resources',
  );
}

/**
 * Builds the pipeline for a Core: the embedder (the configured model folder, then the bundled one,
 * then the data folder; the hashed-n-gram fallback without any), the blob store, the pipeline and
 * the source supervisor, which starts every enabled source.
 */
export async function startPipeline(deps: {
  config: Config;
  store: Store;
  bus: EventBus;
  logger: Logger;
  outbound: OutboundGuard;
  now?: () => number;
  blobs: BlobStore;
  media: MediaIntake;
  mediaFetch?: MediaFetchRequester;
}): Promise<PipelineParts> {
  const { config, store, bus } = deps;
  const logger = deps.logger.child({ module: 'pipeline' });
  const modelDir = findModelDir({
    ...(config.models.dir ? { configured: config.models.dir } : {}),
    resourcesDir: resourcesDir(),
    dataDir: config.dataDir,
  });
  const embedder = await createEmbedder({ modelDir, logger, pool: config.workers.embedding });
  let pipeline: Pipeline | undefined;
  try {
    pipeline = await createPipeline({
      store,
      embedder,
      bus,
      logger,
      config: config.pipeline,
      annDir: join(config.dataDir, 'ann'),
      fetch: deps.outbound.fetch,
      ...(deps.now ? { now: deps.now } : {}),
    });
    const { blobs, media } = deps;
    // Checkpoints and health topics are tenant-scoped; the supervisor only knows source ids.
    const tenantOfSource = new Map<string, string>();
    const files = createFileRoots({ allow: config.files.allowRead, deny: [config.dataDir] });
    logger.info(
      { allowRead: files.allowed },
      files.allowed.length === 0
        ? 'File-reading sources may read nothing: no folder is allowed (files.allowRead, --allow-read)'
        : 'File-reading sources may read below the allowed folders (never the data folder)',
    );
    const supervisor = createSourceSupervisor({
      sink: pipeline,
      blobs: media,
      files,
      ...(deps.mediaFetch ? { mediaFetch: deps.mediaFetch } : {}),
      logger: deps.logger.child({ module: 'sources' }),
      checkpointsFor: (sourceId) => ({
        load: () => {
          const tenantId = tenantOfSource.get(sourceId);
          return tenantId ? store.checkpoints.get({ tenantId }, sourceId) : undefined;
        },
        save: (cursor) => {
          const tenantId = tenantOfSource.get(sourceId);
          if (tenantId) store.checkpoints.set({ tenantId }, sourceId, cursor);
        },
      }),
      onHealthChange: (sourceId, health) => {
        const tenantId = tenantOfSource.get(sourceId);
        if (tenantId) bus.publish(tenantId, 'sources.health', { sourceId, state: health.state });
      },
    });
    const startSource = async (source: SourceRow): Promise<void> => {
      tenantOfSource.set(source.id, source.tenantId);
      await supervisor.start({
        id: source.id,
        kind: source.kind,
        name: source.name,
        config: source.config,
        scope: { tenantId: source.tenantId, siteId: source.siteId },
      });
    };
    for (const tenant of store.tenants.list()) {
      for (const source of store.sources.list({ tenantId: tenant.id })) {
        tenantOfSource.set(source.id, tenant.id);
        // A disabled tenant's sources wait until it is enabled again (tenants.enable starts them).
        if (!source.enabled || tenant.disabledAt !== null) continue;
        startSource(source).catch((err: unknown) =>
          logger.warn(
            { sourceId: source.id, err: String(err) },
            'A source could not start; see its health in Settings',
          ),
        );
      }
    }
    const running = pipeline;
    return {
      embedder,
      pipeline: running,
      supervisor,
      blobs,
      media,
      startSource,
      async stopTenant(tenantId) {
        for (const source of store.sources.list({ tenantId })) await supervisor.stop(source.id);
      },
      async startTenant(tenantId) {
        for (const source of store.sources.list({ tenantId })) {
          if (!source.enabled) continue;
          await startSource(source).catch((err: unknown) =>
            logger.warn(
              { sourceId: source.id, err: String(err) },
              'A source could not start; see its health in Settings',
            ),
          );
        }
      },
      async stopSite(scope) {
        for (const source of store.sources.list({ tenantId: scope.tenantId })) {
          if (source.siteId === scope.siteId) await supervisor.stop(source.id);
        }
        await running.flush();
      },
      async startSite(scope) {
        for (const source of store.sources.list({ tenantId: scope.tenantId })) {
          if (source.siteId !== scope.siteId || !source.enabled) continue;
          await startSource(source).catch((err: unknown) =>
            logger.warn(
              { sourceId: source.id, err: String(err) },
              'A source could not start; see its health in Settings',
            ),
          );
        }
      },
      async close() {
        await supervisor.stopAll();
        await running.close();
        await embedder.close();
      },
    };
  } catch (err) {
    await pipeline?.close();
    await embedder.close();
    throw err;
  }
}
