import type { SiteStatus } from '../contract/index.js';
import type { SiteScope, Store } from '../store/index.js';
import type { GuardedFetch } from '../outbound/index.js';
import type { ExternalPolicy } from './external-source.js';

/**
 * Live status of every site's entities, from its integration (internal: device health and open
 * alerts; external: an HTTP JSON API), behind one cache per site: the source is asked at most once
 * per window (config `sitemap.statusCacheSeconds`) however many viewers, public clients and pollers
 * ask. Changes are pushed as `sitemap.status` messages.
 */
export interface SiteStatusService {
  /** The site's status, mapped with its integration's mapping (through the cache). Throws `unavailable` before a first answer. */
  get(scope: SiteScope): Promise<SiteStatus>;
  /** The site's integration changed: forget its cache and restart its polling. */
  reconfigure(scope: SiteScope): void;
  /**
   * The pipeline changed something of the site (events, alerts): an internal site that someone
   * watches is recomputed soon (debounced), though never before its cache window ends.
   */
  touch(scope: SiteScope): void;
  /** Stops polling; pending answers are dropped. */
  close(): Promise<void>;
}

/** What the service reads: integrations, and devices and alerts for the internal integration. */
export type SiteStatusStore = Pick<Store, 'tenants' | 'integrations' | 'devices' | 'alerts'>;

/** Where failures go; secrets never do (the service logs hosts and messages, never headers). */
export interface StatusLog {
  warn(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
}

export interface SiteStatusServiceOptions {
  store: SiteStatusStore;
  /** Publishes a `sitemap.status` message to the tenant's subscribers. */
  publish(tenantId: string, status: SiteStatus): void;
  /** How long one answer is reused, in milliseconds. */
  ttlMs: number;
  /** The outbound guard's fetch, for external status APIs. */
  fetch: GuardedFetch;
  now?: () => number;
  log?: StatusLog;
  /** Retries and breaker of external sources (tests shorten the delays). */
  externalPolicy?: Partial<ExternalPolicy>;
  /** Debounce of touch() (default 1 s). */
  touchDelayMs?: number;
}
