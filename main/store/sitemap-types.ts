import type {
  AssetKind,
  ExternalStatusConfig,
  Overlay,
  OverlayShape,
  ReleaseEnv,
  StatusMapping,
} from '../contract/index.js';
import type { SiteScope } from './pipeline-types.js';
import type { Scope } from './types.js';

/*
 * The site map's rows (migration 007). Every sitemap query is scoped by tenant AND site (SiteScope).
 * The only reads without a tenant are the `public*` ones, keyed by a published slug, which return
 * published data only (the public endpoints' whole reason to exist).
 */

export interface SitemapAssetRow {
  id: string;
  tenantId: string;
  siteId: string;
  kind: AssetKind;
  sha256: string;
  contentType: string;
  size: number;
  fileName: string;
  /** What sanitising removed (SVG); empty for images. */
  removed: string[];
  /** Overlay layers: the shapes with ids found in the sanitised SVG. Empty for base maps. */
  shapes: OverlayShape[];
  createdAt: number;
  createdBy: string;
}

export interface SitemapDraftRow {
  siteId: string;
  /** 0 for a site whose map was never edited. */
  revision: number;
  updatedAt: number | null;
  basemapAssetId: string | null;
  overlayAssetId: string | null;
}

export interface OverlayChanges {
  /** When set and the draft's revision differs, nothing is written and OutpostError `conflict` is thrown. */
  baseRevision?: number | undefined;
  upserts: readonly Overlay[];
  deletes: readonly string[];
}

export interface SitemapRepository {
  /** The draft's header (revision 0 and no layers when the site's map was never edited). */
  draft(scope: SiteScope): SitemapDraftRow;
  /** The draft's overlays, by external id. */
  overlays(scope: SiteScope): Overlay[];
  asset(scope: SiteScope, assetId: string): SitemapAssetRow | undefined;
  /**
   * Records an uploaded (already sanitised and stored) file and makes it the draft's base map or
   * overlay layer; for an overlay layer, `createOverlays` are inserted in the same transaction
   * (existing external ids are left alone). Bumps the revision.
   */
  addLayer(
    scope: SiteScope,
    asset: Omit<SitemapAssetRow, 'id' | 'tenantId' | 'siteId' | 'createdAt'>,
    createOverlays?: readonly Overlay[],
  ): { asset: SitemapAssetRow; revision: number; overlaysCreated: number };
  /**
   * Upserts and deletes in one transaction; bumps the revision once. An empty change writes nothing
   * and answers the current revision; an external id in both lists is refused (`invalid_input`).
   * Throws `not_found` when the site is not in the tenant (as do addLayer and clear).
   */
  applyOverlayChanges(scope: SiteScope, changes: OverlayChanges): { revision: number };
  /** Drops the base map, the overlay layer or all overlays from the draft; bumps the revision. */
  clear(scope: SiteScope, what: 'basemap' | 'overlay' | 'overlays'): { revision: number };
  /** Zone names seen in the site's recent events (Frigate's `zones` attribute), matching `query`. */
  zones(scope: SiteScope, query: string, limit: number): { name: string; lastSeen: number }[];
}

export interface IntegrationRow {
  siteId: string;
  kind: 'internal' | 'external';
  /** With the real auth header value: callers mask it before answering. */
  external: ExternalStatusConfig | null;
  statusMapping: StatusMapping;
  offlineAfterMinutes: number;
  updatedAt: number | null;
}

export interface IntegrationsRepository {
  /** The site's integration; the internal default (not stored) when none was set. */
  get(scope: SiteScope): IntegrationRow;
  set(scope: SiteScope, row: Omit<IntegrationRow, 'siteId' | 'updatedAt'>): IntegrationRow;
  /** Sites of the tenant with a stored integration (for the status runner at start-up). */
  listInTenant(scope: Scope): (IntegrationRow & { tenantId: string })[];
}

export interface ReleaseRow {
  id: string;
  tenantId: string;
  siteId: string;
  version: number;
  env: ReleaseEnv;
  sha256: string;
  note: string;
  publishedBy: string;
  publishedByEmail: string | null;
  publishedAt: number;
  overlays: number;
  current: boolean;
}

export interface ReleaseAssetRef {
  role: AssetKind;
  sha256: string;
  contentType: string;
  size: number;
}

export interface NewRelease {
  env: ReleaseEnv;
  note: string;
  publishedBy: string;
  publishedAt: number;
  overlays: number;
  assets: readonly ReleaseAssetRef[];
  /** The canonical release.json for the version the store hands out. */
  build(version: number): { json: string; sha256: string };
}

export interface PublicRelease {
  site: { id: string; tenantId: string; slug: string; name: string };
  release: ReleaseRow;
  /** The exact release.json bytes. */
  json: string;
}

export interface ReleasesRepository {
  /**
   * In one transaction: claims the site's slug for the public endpoints (OutpostError `conflict`
   * when another site already published under it), takes the next version (1, 2, … per site),
   * stores the release and makes it current in its environment. Releases are never updated or
   * deleted afterwards (the table refuses it).
   */
  publish(scope: SiteScope, release: NewRelease): ReleaseRow;
  list(scope: SiteScope, env?: ReleaseEnv): ReleaseRow[];
  get(scope: SiteScope, version: number): { release: ReleaseRow; json: string } | undefined;
  current(scope: SiteScope, env: ReleaseEnv): { release: ReleaseRow; json: string } | undefined;
  /** Makes release `version` (of environment `env`) current again; undefined when there is no such release. */
  setCurrent(scope: SiteScope, env: ReleaseEnv, version: number): ReleaseRow | undefined;
  /** The current release of `env` for a published slug, or undefined. `release.publishedByEmail` is always null here. */
  publicCurrent(slug: string, env: ReleaseEnv): PublicRelease | undefined;
  /** A file referenced by a current release of the slug's site (either environment), or undefined. */
  publicAsset(slug: string, sha256: string): ReleaseAssetRef | undefined;
}

export interface SitemapRepositories {
  sitemap: SitemapRepository;
  integrations: IntegrationsRepository;
  releases: ReleasesRepository;
}
