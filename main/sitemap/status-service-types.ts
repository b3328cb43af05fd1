import type { SiteStatus } from '../contract/index.js';
import type { SiteScope } from '../store/index.js';

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
  /** Stops polling; pending answers are dropped. */
  close(): Promise<void>;
}

export interface SiteStatusServiceOptions {
  /** Publishes a `sitemap.status` message to the tenant's subscribers. */
  publish(tenantId: string, status: SiteStatus): void;
  /** How long one answer is reused, in milliseconds. */
  ttlMs: number;
  now?: () => number;
}
