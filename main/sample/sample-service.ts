import { OutpostError, type SampleStatus, type SiteRemovalImpact } from '../contract/index.js';
import type { EventBus, Logger } from '../core/slice-kit/index.js';
import type { IngestResult, RawEvent } from '../pipeline/index.js';
import type { Scope, SiteScope, Store } from '../store/index.js';
import { EMPTY_STATUS_MAPPING } from '../sitemap/index.js';
import {
  SAMPLE_OFFLINE_MINUTES,
  SAMPLE_TICK_SECONDS,
  historyEvents,
  liveEvents,
  seededRandom,
} from './sample-events.js';
import { SAMPLE_BASEMAP_SVG, SAMPLE_ENTITIES, SAMPLE_OVERLAY_SVG } from './sample-map.js';

/** What the sample slice uses of the others. */
export interface SampleDeps {
  store: Pick<Store, 'sites' | 'home' | 'sources' | 'alertRules' | 'integrations' | 'sitemap' | 'transaction'>;
  bus: EventBus;
  /** The site map's upload path (size and type checks, the SVG sanitiser). */
  uploadMap(
    scope: SiteScope,
    createdBy: string,
    upload: { kind: 'basemap' | 'overlay'; fileName: string; content: Uint8Array },
  ): Promise<unknown>;
  /** The pipeline's front door; answers once the events are stored. */
  ingest(scope: SiteScope, sourceId: string, events: RawEvent[]): Promise<IngestResult>;
  /** Rebuilds spike baselines from stored minute counts (after the history is stored). */
  reseedSpikes(scope: SiteScope, groupIds: readonly string[]): void;
  /** The groups of a site (for reseeding). */
  groupIds(scope: SiteScope): string[];
  rulesChanged(tenantId: string): void;
  statusChanged(scope: SiteScope): void;
  startSource(scope: SiteScope, sourceId: string): Promise<void>;
  removeSite(scope: SiteScope): Promise<SiteRemovalImpact>;
  now: () => number;
  logger: Logger;
}

export interface SampleService {
  status(scope: Scope): SampleStatus;
  /** Creates the sample site and starts its stream; `conflict` when the tenant has one already. */
  load(scope: Scope, createdBy: string, minutes: number): Promise<SampleStatus>;
  /** Removes the tenant's sample site (null when there was none). */
  remove(scope: Scope): Promise<SiteRemovalImpact | null>;
  close(): void;
}

const SITE = { name: 'Sample harbour depot', slug: 'sample-harbour-depot', timezone: 'Europe/Amsterdam' };

/**
 * The sample site: made with the same parts a user's site is made with (a site, a base map and an
 * overlay layer through the upload path, bindings, the internal status source, alert rules, a
 * source), then an hour of quiet history and a live stream of a few minutes in which a camera goes
 * silent, a reefer overheats and a camera's stream timeouts spike. Everything is named "Sample" and
 * its events carry `sample: true`; `remove` takes all of it away through the ordinary site removal.
 */
export function createSampleService(deps: SampleDeps): SampleService {
  const { store, now } = deps;
  const log = deps.logger.child({ module: 'sample' });
  const streams = new Map<string, { timer: NodeJS.Timeout; until: number }>();
  const loading = new Set<string>();

  const sampleOf = (scope: Scope) => store.home.samples(scope)[0]?.siteId ?? null;

  function stop(tenantId: string): void {
    const stream = streams.get(tenantId);
    if (stream) clearInterval(stream.timer);
    streams.delete(tenantId);
  }

  function freeSlug(scope: Scope): string {
    const taken = new Set(store.sites.list(scope).map((s) => s.slug));
    for (let n = 1; ; n++) {
      const slug = n === 1 ? SITE.slug : `${SITE.slug}-${n}`;
      if (!taken.has(slug)) return slug;
    }
  }

  async function build(scope: Scope, createdBy: string): Promise<{ site: SiteScope; sourceId: string }> {
    const row = store.transaction(() => {
      const created = store.sites.create(scope, {
        ...SITE,
        slug: freeSlug(scope),
        address: 'Sample data: not a real place',
      });
      store.home.markSample(scope, created.id, createdBy);
      return created;
    });
    const site = { tenantId: scope.tenantId, siteId: row.id };
    deps.bus.publish(scope.tenantId, 'sites.changed', { siteId: row.id, action: 'created' });
    await deps.uploadMap(site, createdBy, {
      kind: 'basemap',
      fileName: 'sample-depot.svg',
      content: Buffer.from(SAMPLE_BASEMAP_SVG, 'utf8'),
    });
    await deps.uploadMap(site, createdBy, {
      kind: 'overlay',
      fileName: 'sample-overlays.svg',
      content: Buffer.from(SAMPLE_OVERLAY_SVG, 'utf8'),
    });
    const { revision } = store.sitemap.applyOverlayChanges(site, {
      upserts: SAMPLE_ENTITIES.map((e) => ({
        externalId: e.shape,
        shapeId: e.shape,
        label: e.label,
        binding: e.binding,
      })),
      deletes: [],
    });
    deps.bus.publish(scope.tenantId, 'sitemap.changed', { siteId: row.id, revision });
    store.integrations.set(site, {
      kind: 'internal',
      external: null,
      statusMapping: EMPTY_STATUS_MAPPING,
      offlineAfterMinutes: SAMPLE_OFFLINE_MINUTES,
    });
    deps.statusChanged(site);
    for (const rule of [
      { name: 'Sample: critical events', type: 'severity', atLeast: 'critical', severity: 'critical' },
      { name: 'Sample: spikes', type: 'spike', severity: 'warning' },
      {
        name: 'Sample: dock camera silent',
        type: 'device-silent',
        device: 'cam-dock',
        minutes: SAMPLE_OFFLINE_MINUTES,
        severity: 'warning',
      },
    ] as const) {
      store.alertRules.create(scope, { ...rule, enabled: true, siteId: row.id });
    }
    deps.rulesChanged(scope.tenantId);
    const source = store.sources.create(site, {
      kind: 'webhook',
      name: 'Sample feed',
      config: {},
      enabled: true,
      // No token: nobody can post to it; the sample's own stream feeds the pipeline directly.
      tokenHash: null,
    });
    await deps.startSource(site, source.id);
    return { site, sourceId: source.id };
  }

  async function backfill(site: SiteScope, sourceId: string, start: number): Promise<void> {
    const history = historyEvents(start, seededRandom(11));
    for (let i = 0; i < history.length; i += 500) await deps.ingest(site, sourceId, history.slice(i, i + 500));
    deps.reseedSpikes(site, deps.groupIds(site));
  }

  function stream(site: SiteScope, sourceId: string, start: number, minutes: number): number {
    const until = start + minutes * 60_000;
    const random = seededRandom(29);
    let t = 0;
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      const at = now();
      if (at >= until) {
        stop(site.tenantId);
        log.info({ siteId: site.siteId }, 'The sample site stopped sending events');
        return;
      }
      const events = liveEvents(t, at, random);
      t += SAMPLE_TICK_SECONDS;
      if (events.length === 0) return;
      busy = true;
      deps
        .ingest(site, sourceId, events)
        .catch((err: unknown) => log.warn({ err: String(err) }, 'A sample batch was not stored'))
        .finally(() => {
          busy = false;
        });
    }, SAMPLE_TICK_SECONDS * 1000);
    timer.unref();
    streams.set(site.tenantId, { timer, until });
    return until;
  }

  return {
    status(scope) {
      const siteId = sampleOf(scope);
      return { siteId, streamingUntil: siteId === null ? null : (streams.get(scope.tenantId)?.until ?? null) };
    },

    async load(scope, createdBy, minutes) {
      if (sampleOf(scope) !== null || loading.has(scope.tenantId)) {
        throw new OutpostError('conflict', 'The sample site is already loaded. Remove it first to load it afresh.');
      }
      loading.add(scope.tenantId);
      try {
        const { site, sourceId } = await build(scope, createdBy);
        const start = now();
        await backfill(site, sourceId, start);
        const until = stream(site, sourceId, start, minutes);
        log.info({ siteId: site.siteId, minutes }, 'Loaded the sample site');
        return { siteId: site.siteId, streamingUntil: until };
      } finally {
        loading.delete(scope.tenantId);
      }
    },

    async remove(scope) {
      const siteId = sampleOf(scope);
      stop(scope.tenantId);
      if (siteId === null) return null;
      const impact = await deps.removeSite({ tenantId: scope.tenantId, siteId });
      deps.rulesChanged(scope.tenantId);
      return impact;
    },

    close() {
      for (const tenantId of [...streams.keys()]) stop(tenantId);
    },
  };
}
