import { OutpostError, type SiteStatus } from '../contract/index.js';
import type { IntegrationRow, SiteScope } from '../store/index.js';
import { DEFAULT_EXTERNAL_POLICY, createExternalStatusSource, type ExternalStatusSource } from './external-source.js';
import { readInternalStatuses } from './internal-status.js';
import { StatusFetchError } from './external-fetch.js';
import { mapStatusItems, type RawStatusItem } from './map-status-items.js';
import { createStatusCache, type CachedValue, type StatusCache } from './status-cache.js';
import type { SiteStatusService, SiteStatusServiceOptions, StatusLog } from './status-service-types.js';

/** What one ask of a site's source produced (the cache holds these; the mapping is applied on the way out). */
interface Answer {
  integration: IntegrationRow;
  items: RawStatusItem[];
  /** When the source answered. */
  at: number;
}

interface SiteEntry {
  scope: SiteScope;
  cache: StatusCache<Answer>;
  /** The integration as last read: decides how often the site is polled. */
  integration: IntegrationRow | undefined;
  /** The external source (its breaker) for the current settings; replaced when they change. */
  source: { key: string; source: ExternalStatusSource } | undefined;
  /** Polled in the background and pushed on change (someone asked, or it has an external integration). */
  watched: boolean;
  timer: NodeJS.Timeout | undefined;
  /** When the timer fires, in Date.now() time (timers run on the real clock even when `now` is moved). */
  timerDue: number;
  /** `now()` when the source last answered or failed. */
  lastAttemptAt: number;
  lastPushed: string | undefined;
  /** Events or alerts changed the site's local data since the last poll (internal sites). */
  touched: boolean;
  lastError: string | undefined;
  /** The last status handed out, handed out again (same object) while nothing changed: callers may memoise on it. */
  lastStatus: { answer: Answer; stale: boolean; error: string | undefined; status: SiteStatus } | undefined;
}

/**
 * Internal sites are recomputed at least this often: `offline` is counted in minutes, and events and
 * alerts reach the map sooner through touch().
 */
const INTERNAL_RECOMPUTE_MS = 60_000;
/** A timer never fires sooner than this after the last one (guards against a clock moved by tests). */
const MIN_DELAY_MS = 100;
/** Node may fire a timer a millisecond early; the cache would then still be fresh and skip the poll. */
const TIMER_SLACK_MS = 5;

const SILENT: StatusLog = { warn: () => undefined, info: () => undefined };

export function createSiteStatusService(options: SiteStatusServiceOptions): SiteStatusService {
  const { store, publish, ttlMs } = options;
  const now = options.now ?? Date.now;
  const log = options.log ?? SILENT;
  const policy = { ...DEFAULT_EXTERNAL_POLICY, ...options.externalPolicy };
  const touchDelayMs = options.touchDelayMs ?? 1_000;
  const sites = new Map<string, SiteEntry>();
  // Aborts requests in flight (and their retries' next attempts) on close.
  const stop = new AbortController();
  let closed = false;

  function entryFor(scope: SiteScope): SiteEntry {
    const key = `${scope.tenantId}\u0000${scope.siteId}`;
    let site = sites.get(key);
    if (site) return site;
    const entry: SiteEntry = {
      scope: { tenantId: scope.tenantId, siteId: scope.siteId },
      cache: createStatusCache({ ttlMs, now, fetch: () => ask(entry) }),
      integration: undefined,
      source: undefined,
      watched: false,
      timer: undefined,
      timerDue: 0,
      lastAttemptAt: -Infinity,
      lastPushed: undefined,
      touched: false,
      lastError: undefined,
      lastStatus: undefined,
    };
    sites.set(key, (site = entry));
    return site;
  }

  /** One ask of the site's source; the cache makes sure this runs at most once per window. */
  async function ask(site: SiteEntry): Promise<Answer> {
    try {
      const integration = store.integrations.get(site.scope);
      site.integration = integration;
      let items: RawStatusItem[];
      if (integration.kind === 'external' && integration.external) {
        const read = await sourceFor(site, integration).read(stop.signal);
        items = read.items.map((i) => ({ id: i.externalId, raw: i.rawStatus }));
      } else {
        items = readInternalStatuses(store, site.scope, integration.offlineAfterMinutes, now());
      }
      if (site.lastError !== undefined) {
        log.info({ tenantId: site.scope.tenantId, siteId: site.scope.siteId }, 'The site status source answers again');
      }
      site.lastError = undefined;
      return { integration, items, at: now() };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // Once per new error, not once per poll: a source that stays down does not flood the log.
      if (message !== site.lastError && !closed) {
        log.warn(
          { tenantId: site.scope.tenantId, siteId: site.scope.siteId, error: message },
          'A site status source failed; the map keeps showing its last good answer',
        );
      }
      site.lastError = message;
      // Every signed-in user of the tenant sees the status's error: the text that tells no ports apart.
      if (err instanceof StatusFetchError && err.publicMessage !== err.message) {
        throw new StatusFetchError(err.publicMessage, err.retryable, { cause: err });
      }
      throw err;
    } finally {
      site.lastAttemptAt = now();
    }
  }

  function sourceFor(site: SiteEntry, integration: IntegrationRow): ExternalStatusSource {
    const config = integration.external!;
    const key = JSON.stringify(config);
    if (site.source?.key !== key) {
      site.source = { key, source: createExternalStatusSource(config, options.fetch, policy) };
    }
    return site.source.source;
  }

  function toStatus(site: SiteEntry, cached: CachedValue<Answer>): SiteStatus {
    const answer = cached.value;
    const last = site.lastStatus;
    if (last?.answer === answer && last.stale === cached.stale && last.error === cached.error) return last.status;
    const mapped = mapStatusItems(answer.integration.statusMapping, answer.items);
    const status: SiteStatus = {
      siteId: site.scope.siteId,
      integration: answer.integration.kind,
      items: mapped.items,
      unmapped: mapped.unmapped,
      updatedAt: answer.at,
      stale: cached.stale,
      error: cached.error ?? null,
    };
    site.lastStatus = { answer, stale: cached.stale, error: cached.error, status };
    return status;
  }

  /** Before the source's first answer: nothing to show but why. */
  function noAnswer(site: SiteEntry, err: unknown): SiteStatus {
    return {
      siteId: site.scope.siteId,
      integration: site.integration?.kind ?? 'internal',
      items: [],
      unmapped: [],
      updatedAt: null,
      stale: true,
      error: err instanceof Error ? err.message : String(err),
    };
  }

  /** Pushes the status when it differs from the last one pushed (its age alone is no change). */
  function offer(site: SiteEntry, status: SiteStatus): void {
    if (closed) return;
    const fingerprint = JSON.stringify([status.integration, status.items, status.unmapped, status.stale, status.error]);
    if (fingerprint === site.lastPushed) return;
    site.lastPushed = fingerprint;
    try {
      publish(site.scope.tenantId, status);
    } catch (err) {
      log.warn({ siteId: site.scope.siteId, error: String(err) }, 'Could not push a site status change');
    }
  }

  function interval(site: SiteEntry): number {
    const integration = site.integration;
    if (integration?.kind === 'external' && integration.external) {
      // Never faster than the cache window: the upstream is asked at most once per window.
      return Math.max(integration.external.pollIntervalSeconds * 1000, ttlMs);
    }
    return Math.max(ttlMs, INTERNAL_RECOMPUTE_MS);
  }

  /** Milliseconds until `every` has passed since the last attempt. */
  function dueIn(site: SiteEntry, every: number): number {
    const elapsed = now() - site.lastAttemptAt;
    return Math.max(MIN_DELAY_MS, every - elapsed + TIMER_SLACK_MS);
  }

  /** (Re)arms the site's poll timer, unless it is already due sooner. */
  function schedule(site: SiteEntry, delayMs: number, force = false): void {
    if (closed || !site.watched) return;
    const due = Date.now() + delayMs;
    if (site.timer !== undefined && !force && site.timerDue <= due) return;
    clearTimeout(site.timer);
    site.timerDue = due;
    site.timer = setTimeout(() => void poll(site), delayMs);
    site.timer.unref();
  }

  async function poll(site: SiteEntry): Promise<void> {
    site.timer = undefined;
    if (closed) return;
    if (site.touched) {
      site.touched = false;
      site.cache.expire();
    }
    try {
      offer(site, toStatus(site, await site.cache.get()));
    } catch (err) {
      offer(site, noAnswer(site, err));
    } finally {
      schedule(site, dueIn(site, interval(site)));
    }
  }

  function watch(site: SiteEntry): void {
    if (site.watched) return;
    site.watched = true;
    schedule(site, dueIn(site, interval(site)));
  }

  // Sites with an external integration are polled from the start, asked about or not, so the public
  // status endpoint and wall boards find a warm cache. Deferred: the Core is ready before any upstream answers.
  const startup = setTimeout(() => {
    try {
      for (const tenant of store.tenants.list()) {
        for (const row of store.integrations.listInTenant({ tenantId: tenant.id })) {
          if (row.kind !== 'external') continue;
          const site = entryFor({ tenantId: tenant.id, siteId: row.siteId });
          site.watched = true;
          schedule(site, 0);
        }
      }
    } catch (err) {
      log.warn({ error: String(err) }, 'Could not list the sites with an external status integration');
    }
  }, 0);
  startup.unref();

  return {
    async get(scope) {
      if (closed) throw new OutpostError('unavailable', 'Outpost is shutting down. Try again once it has restarted.');
      const site = entryFor(scope);
      let cached: CachedValue<Answer>;
      try {
        cached = await site.cache.get();
      } catch (err) {
        watch(site);
        if (err instanceof OutpostError) throw err;
        const message = err instanceof Error ? err.message : String(err);
        throw new OutpostError('unavailable', `The site's status source has not answered yet. ${message}`, {
          cause: err,
        });
      }
      watch(site);
      const status = toStatus(site, cached);
      offer(site, status);
      return status;
    },

    reconfigure(scope) {
      if (closed) return;
      const site = entryFor(scope);
      site.cache.clear();
      site.source = undefined;
      site.integration = undefined;
      site.lastAttemptAt = -Infinity;
      site.lastError = undefined;
      site.lastStatus = undefined;
      site.watched = true;
      schedule(site, 0, true);
    },

    touch(scope) {
      if (closed) return;
      const site = sites.get(`${scope.tenantId}\u0000${scope.siteId}`);
      // External sites follow their upstream, not the pipeline; unwatched sites have nobody to tell.
      if (!site?.watched || site.integration?.kind === 'external') return;
      // An internal status is a local query, so it is recomputed once the burst (a batch of events, then
      // its alerts) settles, not at the cache window's end: a device that reports turns its overlay
      // green within about touchDelayMs. At most one recompute per touchDelayMs, however busy the site.
      site.touched = true;
      schedule(site, touchDelayMs);
    },

    async close() {
      if (closed) return;
      closed = true;
      clearTimeout(startup);
      for (const site of sites.values()) clearTimeout(site.timer);
      stop.abort();
      sites.clear();
    },
  };
}
