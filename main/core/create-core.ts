import { mkdirSync } from 'node:fs';
import { OutpostError } from '../contract/index.js';
import { createAuth } from '../auth/index.js';
import { createSiteStatusService, createSvgProcessor } from '../sitemap/index.js';
import { openStore, type SiteScope, type Store } from '../store/index.js';
import type { Config } from './config.js';
import type { Core } from './core-types.js';
import { createDispatcher } from './dispatcher.js';
import { createEventBus } from './event-bus.js';
import { createHandlerTable } from './handlers/handler-table.js';
import { healthReport } from './handlers/system-handlers.js';
import { startPipeline } from './pipeline-wiring.js';
import { createWebhookIngest } from './webhook-ingest.js';
import { createMediaSlice } from '../media/index.js';
import { createPublicSitemap, invalidatingBus } from './public-sitemap.js';
import { createLogger, type Logger } from './logger.js';
import { statusTouchingBus } from './status-touch.js';
import { VERSION } from './version.js';

export interface CreateCoreOptions {
  config: Config;
  logger?: Logger;
  /** The clock for sessions and lockouts. Tests move it; production leaves it. */
  now?: () => number;
}

/**
 * Opens the store (migrating it, after a backup, when needed), makes sure the default tenant
 * exists, and wires auth, the event bus and the dispatcher. The returned Core is ready.
 */
export async function createCore(options: CreateCoreOptions): Promise<Core> {
  const { config } = options;
  const logger = options.logger ?? createLogger(config);
  const log = logger.child({ module: 'core' });
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });

  const store: Store = await openStore({
    dataDir: config.dataDir,
    migrate: 'auto',
    log: (message) => log.info(message),
  });
  let open = true;
  try {
    const tenant = store.tenants.ensureDefault();
    const auth = createAuth({ store, config, logger, ...(options.now ? { now: options.now } : {}) });
    // Publishes, rollbacks and site changes empty the public release cache (created below).
    let invalidatePublic = (): void => undefined;
    // Pipeline changes nudge the site's live status (the status service is created below).
    let touchStatus = (_scope: SiteScope): void => undefined;
    const bus = statusTouchingBus(
      invalidatingBus(createEventBus(logger), () => invalidatePublic()),
      store,
      (scope) => touchStatus(scope),
    );
    const startedAt = Date.now();
    const now = options.now ?? Date.now;
    const mediaSlice = createMediaSlice({ config, store, log: logger.child({ module: 'media' }), now });
    const pipeline = await startPipeline({
      config,
      store,
      bus,
      logger,
      now,
      blobs: mediaSlice.blobs,
      media: mediaSlice.intake,
      mediaFetch: mediaSlice.fetcher,
    });
    const ingest = createWebhookIngest(store, pipeline, config.pipeline.media.maxBytes);
    const media = mediaSlice.access;
    const siteStatus = createSiteStatusService({
      store,
      ttlMs: config.sitemap.statusCacheSeconds * 1000,
      now,
      log: logger.child({ module: 'site-status' }),
      publish: (tenantId, status) => bus.publish(tenantId, 'sitemap.status', status),
    });
    touchStatus = siteStatus.touch;
    const publicSitemap = createPublicSitemap({
      store,
      blobs: pipeline.blobs,
      maxAgeSeconds: config.sitemap.publicMaxAgeSeconds,
      now,
      siteStatus: () => siteStatus,
    });
    invalidatePublic = publicSitemap.invalidate;
    const svg = createSvgProcessor();
    const embedderKind = pipeline.embedder.kind;
    const handlers = createHandlerTable({
      store,
      auth,
      bus,
      config,
      startedAt,
      pipeline,
      logger,
      now,
      embedderKind,
      siteStatus,
      svg,
      media: mediaSlice,
    });
    const dispatcher = createDispatcher({ store, auth, handlers, logger, defaultTenantId: tenant.id });
    let closing: Promise<void> | undefined;
    const lastHealth = healthReport(store, embedderKind);
    log.info({ version: VERSION, role: config.role, schema: store.versions().schema }, 'Outpost core is ready');

    return {
      config,
      version: VERSION,
      call: (method, input, ctx) => {
        if (!open) {
          return Promise.reject(
            new OutpostError('unavailable', 'Outpost is shutting down. Try again once it has restarted.'),
          );
        }
        return dispatcher.call(method, input, ctx);
      },
      authenticate: (token) => auth.authenticate(token),
      subscribe: (session, topicNames, listener) => bus.subscribe(session.tenantId, topicNames, listener),
      // /healthz may ask while shutting down; the closed store cannot answer, so report from memory.
      health: () => (open ? healthReport(store, embedderKind) : { ...lastHealth, status: 'down' }),
      ingest,
      media,
      publicSitemap,
      ready: () => open,
      close() {
        closing ??= (async () => {
          open = false;
          // Sources stop first, then queued events commit, then the store closes under nothing.
          await siteStatus.close();
          // An upload still being checked fails with `unavailable` and stores nothing.
          await svg.close();
          await pipeline.close();
          await mediaSlice.close();
          bus.clear();
          store.close();
          log.info('Outpost core closed');
        })();
        return closing;
      },
    };
  } catch (err) {
    store.close();
    throw err;
  }
}
