import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { Registry } from 'prom-client';
import { OutpostError, type MethodName } from '../contract/index.js';
import { authHandlers, createAuth, createFirstRun, createPasswordLinks } from '../auth/index.js';
import { createHomeCache, homeHandlers, homeWatchingBus, type HomeCache } from '../home/index.js';
import { createSampleService, sampleHandlers } from '../sample/index.js';
import {
  archiveHandlers,
  authorizedMediaFile,
  createMediaSlice,
  createSealedKeyStore,
  mediaHandlers,
  mediaRoutes,
  type KeySealer,
} from '../media/index.js';
import { createWebhookIngest, pipelineHandlers, startPipeline, webhookIngestRoutes } from '../pipeline/index.js';
import { createSiteRemover, sitesHandlers } from '../sites/index.js';
import {
  createPublicSitemap,
  createSiteStatusService,
  createSvgProcessor,
  invalidatingBus,
  sitemapHandlers,
  sitemapRoutes,
  statusTouchingBus,
  uploadMapAsset,
} from '../sitemap/index.js';
import { openStore, type SiteScope, type Store } from '../store/index.js';
import { createOutboundGuard } from '../outbound/index.js';
import type { Config } from './config.js';
import type { Core } from './core-types.js';
import { createCoreMetrics } from './core-metrics.js';
import { createDispatcher } from './dispatcher.js';
import { createEventBus } from './event-bus.js';
import { mergeMethodTables, type HandledBy, type SliceTable } from './method-table.js';
import { healthReport, systemHandlers } from './system-handlers.js';
import { createLogger, type Logger } from './logger.js';
import { VERSION } from '../version/index.js';
import {
  chooseTunnelHost,
  createSecretBox,
  createSyncTunnels,
  createTunnelMetrics,
  createTunnelsService,
  loadFileSealingKey,
  tunnelRoutes,
  tunnelsHandlers,
} from '../tunnels/index.js';
import { createHub, createSiteSync, hubRoutes, syncHandlers, tunnelConfigWatchingBus } from '../sync/index.js';

export interface CreateCoreOptions {
  config: Config;
  logger?: Logger;
  /** The clock for sessions and lockouts. Tests move it; production leaves it. */
  now?: () => number;
  /** Seals tunnel keys at rest; the desktop app passes one kept with safeStorage. Default: `<dataDir>/keys/tunnels.key`. */
  tunnelSealingKey?: Uint8Array;
  /**
   * Seals each site's archive key at rest; the desktop app injects one backed by safeStorage
   * (main/electron/key-sealer.ts). Serve mode passes none: archive keys are plain 0600 files under
   * `<dataDir>/keys/archive/`.
   */
  archiveKeySealer?: KeySealer;
  /** `outpost demo`: load the sample site into the default tenant (unless it has one) and stream for this long. */
  sample?: { minutes: number };
}

/**
 * Opens the store (migrating it, after a backup, when needed), makes sure the default tenant
 * exists, starts the slices and wires them to the event bus, the dispatcher and the server's routes.
 * The returned Core is ready.
 */
export async function createCore(options: CreateCoreOptions): Promise<Core> {
  const { config } = options;
  const logger = options.logger ?? createLogger(config);
  const log = logger.child({ module: 'core' });
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });

  const metrics = createCoreMetrics(logger);
  const store: Store = await openStore({
    dataDir: config.dataDir,
    migrate: 'auto',
    log: (message) => log.info(message),
    statementTiming: metrics.statementTiming,
    durability: config.store.durability,
  });
  let open = true;
  try {
    const tenant = store.tenants.ensureDefault();
    const auth = createAuth({ store, config, logger, ...(options.now ? { now: options.now } : {}) });
    // Publishes, rollbacks and site changes empty the public release cache (created below).
    let invalidatePublic = (): void => undefined;
    // Pipeline changes nudge the site's live status (the status service is created below).
    let touchStatus = (_scope: SiteScope): void => undefined;
    // Every message also reaches the Home cache (created below), whatever its tenant.
    let homeChanged = (_tenantId: string, _topic: string, _payload: unknown): void => undefined;
    const bus = homeWatchingBus(
      statusTouchingBus(
        invalidatingBus(createEventBus(logger), () => invalidatePublic()),
        store,
        (scope) => touchStatus(scope),
      ),
      (tenantId, topic, payload) => homeChanged(tenantId, topic, payload),
    );
    const startedAt = Date.now();
    const now = options.now ?? Date.now;
    // Every outgoing request (status integrations, webhooks, Frigate, the archive) passes this one address guard.
    const outbound = createOutboundGuard({ allow: config.outbound.allow });
    if (outbound.allowed.length > 0)
      log.info({ allowed: outbound.allowed }, 'Outgoing requests may also reach these ranges');
    const mediaSlice = createMediaSlice({
      config,
      store,
      log: logger.child({ module: 'media' }),
      now,
      fetch: outbound.fetch,
      s3Transport: outbound.nodeAgents,
      ...(options.archiveKeySealer
        ? { keyStore: createSealedKeyStore(join(config.dataDir, 'keys', 'archive'), options.archiveKeySealer) }
        : {}),
    });
    const pipeline = await startPipeline({
      config,
      store,
      bus,
      logger,
      now,
      outbound,
      blobs: mediaSlice.blobs,
      media: mediaSlice.intake,
      mediaFetch: mediaSlice.fetcher,
    });
    const ingest = createWebhookIngest(store, pipeline, config.pipeline.media.maxBytes);
    const media = mediaSlice.access;
    const siteStatus = createSiteStatusService({
      store,
      ttlMs: config.sitemap.statusCacheSeconds * 1000,
      fetch: outbound.fetch,
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
    const svg = createSvgProcessor(config.workers.svg);
    const sealingKey = options.tunnelSealingKey ?? loadFileSealingKey(config.dataDir);
    // A site's config changed on the hub (rotation, grant): sync queues it for that site's pull.
    let tunnelConfigChanged: Parameters<typeof tunnelConfigWatchingBus>[1] = () => undefined;
    const tunnelHost = chooseTunnelHost(config.tunnels, VERSION);
    if (tunnelHost.kind === 'helper')
      logger.info({ socket: tunnelHost.socketPath }, 'Tunnels go through the tunnel helper');
    const tunnels = createTunnelsService({
      store,
      bus: tunnelConfigWatchingBus(bus, (tenantId, change) => tunnelConfigChanged(tenantId, change)),
      alerts: { raise: pipeline.pipeline.raiseAlert, resolve: pipeline.pipeline.resolveAlert },
      secrets: createSecretBox(sealingKey),
      host: tunnelHost.host,
      config: config.tunnels,
      log: logger.child({ module: 'tunnels' }),
      now,
    });
    void tunnels.start();
    const removeSite = createSiteRemover({
      store,
      bus,
      lifecycle: {
        removing: pipeline.stopSite,
        removed: (scope, groupIds) => pipeline.pipeline.siteRemoved(scope, groupIds),
        kept: pipeline.startSite,
      },
    });
    const home: HomeCache = createHomeCache({
      store,
      siteStatus: (scope) => siteStatus.get(scope),
      sourceHealth: (sourceId) => pipeline.supervisor.health(sourceId),
      tunnels: (scope) => tunnels.status(scope),
      announce: (tenantId, at) => bus.publish(tenantId, 'home.changed', { at }),
      config: config.home,
      now,
      logger,
    });
    homeChanged = (tenantId, topic, payload) => home.changed(tenantId, topic, payload);
    const sample = createSampleService({
      store,
      bus,
      uploadMap: (scope, createdBy, upload) =>
        uploadMapAsset({ store, bus, config, blobs: pipeline.blobs, logger, svg }, scope, createdBy, upload),
      ingest: (scope, sourceId, events) => pipeline.pipeline.ingest(scope, sourceId, events),
      reseedSpikes: (scope, groupIds) => pipeline.pipeline.reseedSpikes(scope, groupIds),
      groupIds: (scope) =>
        store.groups.list(scope, { siteId: scope.siteId, sort: 'firstSeen', limit: 500 }).items.map((g) => g.id),
      rulesChanged: (tenantId) => pipeline.pipeline.rulesChanged(tenantId),
      statusChanged: (scope) => siteStatus.reconfigure(scope),
      startSource: async (scope, sourceId) => {
        const source = store.sources.get(scope, sourceId);
        if (source) await pipeline.startSource(source);
      },
      removeSite,
      now,
      logger,
    });
    const syncTunnels = createSyncTunnels(tunnels, { store, config: config.tunnels });
    const hub = createHub({
      store,
      log: logger,
      now,
      hubId: tenant.id,
      appVersion: VERSION,
      schemaVersion: store.versions().schema,
      maxRequestBytes: config.sync.maxRequestBytes,
      lateAfterMs: Math.max(60_000, config.sync.intervalSeconds * 4000),
      files: pipeline.blobs,
      tunnels: syncTunnels,
      syncOverTunnel: config.sync.listenOn.length === 0,
    });
    if (config.role === 'hub') tunnelConfigChanged = (tenantId, change) => hub.tunnelConfigChanged(tenantId, change);
    const siteSync = createSiteSync({
      store,
      fetch: outbound.fetch,
      // Enrolment codes and hub credentials are sealed like tunnel keys, with the same key.
      secrets: createSecretBox(sealingKey),
      log: logger,
      now,
      appVersion: VERSION,
      schemaVersion: store.versions().schema,
      timeoutMs: config.sync.requestTimeoutSeconds * 1000,
      keepAckedMs: config.sync.keepAckedDays * 86_400_000,
      intervalMs: config.sync.intervalSeconds * 1000,
      files: pipeline.blobs,
      publishState: (tenantId, state) => bus.publish(tenantId, 'sync.state', state),
      tunnels: syncTunnels,
      pushDelayMs: config.sync.pushDelayMs,
    });
    if (config.role === 'site') siteSync.start();
    const embedderKind = pipeline.embedder.kind;
    const slices = [
      { slice: 'system', handlers: systemHandlers({ store, config, startedAt, embedderKind }) },
      {
        slice: 'auth',
        handlers: authHandlers({
          store,
          auth,
          bus,
          logger,
          now,
          tenantLifecycle: { disabled: pipeline.stopTenant, enabled: pipeline.startTenant },
          firstRun: createFirstRun({
            store,
            hashPassword: auth.hashPassword,
            perMinute: config.auth.firstRunPerMinute,
            now,
          }),
          links: createPasswordLinks(
            store,
            { invite: config.auth.inviteTtlHours, reset: config.auth.resetTtlHours },
            now,
          ),
        }),
      },
      { slice: 'sites', handlers: sitesHandlers({ store, bus, removeSite }) },
      { slice: 'pipeline', handlers: pipelineHandlers({ store, bus, pipeline, logger, now }) },
      {
        slice: 'sitemap',
        handlers: sitemapHandlers({
          store,
          bus,
          config,
          blobs: pipeline.blobs,
          logger,
          now,
          siteStatus,
          svg,
          outbound,
        }),
      },
      { slice: 'tunnels', handlers: tunnelsHandlers({ tunnels }) },
      { slice: 'sync', handlers: syncHandlers({ hub, site: siteSync }) },
      {
        slice: 'media',
        handlers: { ...mediaHandlers({ store, media: mediaSlice }), ...archiveHandlers({ store, media: mediaSlice }) },
      },
      { slice: 'home', handlers: homeHandlers({ cache: home, store }) },
      { slice: 'sample', handlers: sampleHandlers({ sample }) },
    ] as const satisfies readonly SliceTable[];
    // A contract method that no slice handles fails to compile here, and mergeMethodTables checks again at run time.
    const covered: [MethodName] extends [HandledBy<typeof slices>] ? true : never = true;
    void covered;
    const methods = mergeMethodTables(slices);
    const dispatcher = createDispatcher({
      store,
      auth,
      methods,
      logger,
      defaultTenantId: tenant.id,
      role: config.role,
    });
    let closing: Promise<void> | undefined;
    const lastHealth = healthReport(store, embedderKind);
    log.info({ version: VERSION, role: config.role, schema: store.versions().schema }, 'Outpost core is ready');
    if (options.sample && sample.status({ tenantId: tenant.id }).siteId === null) {
      // A sample that cannot load leaves a working, empty installation rather than none.
      await sample
        .load({ tenantId: tenant.id }, 'outpost demo', options.sample.minutes)
        .catch((err: unknown) => log.warn({ err: String(err) }, 'The sample site could not be loaded'));
    }

    return {
      config,
      version: VERSION,
      methods: [...methods.values()].map((entry) => entry.spec),
      // The tunnels keep per-peer gauges of their own; one scrape of /metrics shows both.
      metrics: Registry.merge([metrics.registry, createTunnelMetrics(tunnels), home.metrics.registry]),
      routes: [
        webhookIngestRoutes(ingest),
        mediaRoutes(media),
        sitemapRoutes({ publicSitemap, config }),
        tunnelRoutes(tunnels),
        ...(config.role === 'hub'
          ? [
              hubRoutes(hub, {
                listenOn: config.sync.listenOn,
                tunnelAddresses: syncTunnels.listenAddresses,
                maxRequestBytes: config.sync.maxRequestBytes,
                now,
              }),
            ]
          : []),
      ],
      call: (method, input, ctx) => {
        if (!open) {
          return Promise.reject(
            new OutpostError('unavailable', 'Outpost is shutting down. Try again once it has restarted.'),
          );
        }
        return dispatcher.call(method, input, ctx);
      },
      authenticate: (token) => auth.authenticate(token),
      mediaFile: async (id, credentials) => {
        const file = await authorizedMediaFile(media, (token) => auth.authenticate(token), id, credentials);
        return { ...file, path: media.path(file.sha256) };
      },
      exportFile: (exportId, link) => media.spoolExport(exportId, link),
      subscribe: (session, topicNames, listener) => bus.subscribe(session.tenantId, topicNames, listener),
      // /healthz may ask while shutting down; the closed store cannot answer, so report from memory.
      health: () => (open ? healthReport(store, embedderKind) : { ...lastHealth, status: 'down' }),
      ready: () => open,
      close() {
        closing ??= (async () => {
          open = false;
          sample.close();
          home.close();
          // Sources stop first, then queued events commit, then the store closes under nothing.
          await siteStatus.close();
          await siteSync.close();
          await tunnels.close();
          // An upload still being checked fails with `unavailable` and stores nothing.
          await svg.close();
          await pipeline.close();
          await mediaSlice.close();
          await outbound.close();
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
