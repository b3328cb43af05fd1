import {
  OutpostError,
  ReleaseManifestSchema,
  Slug,
  type PublicStatus,
  type ReleaseEnv,
  type ReleaseManifest,
  type SiteStatus,
} from '../../contract/index.js';
import { isSha256, type BlobStore } from '../../media/index.js';
import { bindingTarget } from '../overlay-model.js';
import { applyStatusMapping, statusLegend } from '../status-mapping.js';
import type { SiteStatusService } from '../status-service-types.js';
import type { SiteScope, Store } from '../../store/index.js';
import type { EventBus } from '../../core/slice-kit/index.js';
import type { PublicSitemap } from './public-sitemap-types.js';

export interface PublicSitemapOptions {
  store: Store;
  blobs: BlobStore;
  maxAgeSeconds: number;
  now: () => number;
  /**
   * The live status service. Returns undefined while none is wired: status() then answers
   * `unavailable`, and release.json and assets work as usual.
   */
  siteStatus: () => SiteStatusService | undefined;
}

export interface PublicSitemapService extends PublicSitemap {
  /** Forgets every cached release (after a publish, a rollback or a site's slug change). */
  invalidate(): void;
}

/** A slug nobody published under is looked up again after this long (a site may publish meanwhile). */
export const MISS_TTL_MS = 1_000;
/** More entries than this (slug probing, thousands of sites) empties the cache rather than grow it. */
const MAX_ENTRIES = 10_000;

interface Published {
  scope: SiteScope;
  json: string;
  sha256: string;
  publishedAt: number;
  /** Parsed on the first status request. */
  manifest?: ReleaseManifest;
  /** The last status answer's items, reused while the status service hands out the same status. */
  lastItems?: { from: SiteStatus; items: PublicStatus['items'] };
}

type Entry = Published | { missUntil: number };

const notPublished = (slug: string, env: ReleaseEnv) =>
  new OutpostError(
    'not_found',
    `Nothing is published at "${slug.slice(0, 64)}" for ${env}. Check the address, or publish the site's map to ${env} first.`,
  );

/**
 * The public, unauthenticated side of the site map. Release lookups are served from memory, keyed
 * by slug and environment; the whole map is dropped whenever a release is published or rolled back
 * or a site changes (invalidate, wired through the event bus by invalidatingBus), so a stale
 * release is never served. Only the store's `public*` reads are used: they return published data
 * only, whoever asks.
 */
/** What the public status answer says when the source failed (its details are for signed-in users). */
export const PUBLIC_STALE_MESSAGE =
  'The status source did not answer the last time it was asked; these are the last statuses it gave.';

export function createPublicSitemap(options: PublicSitemapOptions): PublicSitemapService {
  const { store, blobs, now } = options;
  let cache = new Map<string, Entry>();

  function lookup(slug: string, env: ReleaseEnv): Published {
    if (!Slug.safeParse(slug).success) throw notPublished(slug, env);
    const key = `${slug}\n${env}`;
    const cached = cache.get(key);
    if (cached !== undefined) {
      if (!('missUntil' in cached)) return cached;
      if (cached.missUntil > now()) throw notPublished(slug, env);
    }
    if (cache.size >= MAX_ENTRIES) cache = new Map();
    const found = store.releases.publicCurrent(slug, env);
    if (!found) {
      cache.set(key, { missUntil: now() + MISS_TTL_MS });
      throw notPublished(slug, env);
    }
    const entry: Published = {
      scope: { tenantId: found.site.tenantId, siteId: found.site.id },
      json: found.json,
      sha256: found.release.sha256,
      publishedAt: found.release.publishedAt,
    };
    cache.set(key, entry);
    return entry;
  }

  return {
    maxAgeSeconds: options.maxAgeSeconds,

    invalidate() {
      cache = new Map();
    },

    release(slug, env) {
      const { json, sha256, publishedAt } = lookup(slug, env);
      return { json, sha256, publishedAt };
    },

    async status(slug, env) {
      const entry = lookup(slug, env);
      const service = options.siteStatus();
      if (!service) {
        throw new OutpostError(
          'unavailable',
          'Live status is not available on this installation yet. Try again later.',
        );
      }
      const status = await service.get(entry.scope);
      const manifest = (entry.manifest ??= ReleaseManifestSchema.parse(JSON.parse(entry.json)));
      if (entry.lastItems?.from !== status)
        entry.lastItems = { from: status, items: releaseStatuses(manifest, status) };
      return {
        site: { slug: manifest.site.slug, name: manifest.site.name },
        env: manifest.env,
        version: manifest.version,
        updatedAt: status.updatedAt,
        ageMs: status.updatedAt === null ? 0 : Math.max(0, now() - status.updatedAt),
        stale: status.stale,
        // The source's own error names its host, which is nobody's business outside the tenant:
        // signed-in users see it in sitemap.status; the public answer only says the values are old.
        error: status.error === null ? null : PUBLIC_STALE_MESSAGE,
        items: entry.lastItems.items,
        legend: statusLegend(manifest.statusMapping),
      };
    },

    async asset(slug, sha256) {
      const missing = () =>
        new OutpostError('not_found', 'No published map of this site uses that file. Reload the release.json.');
      if (!isSha256(sha256) || !Slug.safeParse(slug).success) throw missing();
      const ref = store.releases.publicAsset(slug, sha256);
      if (!ref) throw missing();
      const onDisk = await blobs.stat(sha256);
      if (!onDisk) throw missing();
      return {
        sha256,
        contentType: ref.contentType,
        size: onDisk.size,
        open: (range) => blobs.open(sha256, range),
      };
    },
  };
}

/**
 * Each overlay of the release with a status: its binding target's, else its own external id's,
 * else `unknown`. Raw values are mapped again with the release's own mapping, since the draft's
 * (which the status service applies) may have changed since publishing.
 */
export function releaseStatuses(
  manifest: Pick<ReleaseManifest, 'overlays' | 'statusMapping'>,
  status: Pick<SiteStatus, 'items'>,
): PublicStatus['items'] {
  const byId = new Map(status.items.map((item) => [item.id, item]));
  return manifest.overlays.map((overlay) => {
    const item =
      (overlay.binding === null ? undefined : byId.get(bindingTarget(overlay.binding))) ?? byId.get(overlay.externalId);
    return {
      externalId: overlay.externalId,
      status: item === undefined ? 'unknown' : applyStatusMapping(manifest.statusMapping, item.raw).status,
    };
  });
}

/**
 * The bus, telling `invalidate` about every change that can alter what a public slug serves:
 * releases published or rolled back, and sites renamed or re-slugged.
 */
export function invalidatingBus(bus: EventBus, invalidate: () => void): EventBus {
  return {
    publish(tenantId, topic, payload) {
      if (topic === 'releases.changed' || topic === 'sites.changed') invalidate();
      bus.publish(tenantId, topic, payload);
    },
    subscribe: (tenantId, topicNames, listener) => bus.subscribe(tenantId, topicNames, listener),
    clear: () => bus.clear(),
  };
}
