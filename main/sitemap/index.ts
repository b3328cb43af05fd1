/** Site map (DESIGN.md "Site map"): the one door other modules import from. */

// SVG uploads: every SVG (base map or overlay layer) is sanitised, then its bindable shapes listed, in the
// map-file worker (svg-worker.ts). Only their types pass this door: the functions load jsdom (some 700
// modules), which every `outpost` command would otherwise pay for at start-up.
export type { SanitizeSvgOptions, SanitizedSvg } from './svg-sanitize.js';
export { DEFAULT_MAX_SVG_BYTES } from './svg-precheck.js';
export type { ExtractedOverlay, ExtractedOverlays, OverlayKind } from './svg-overlays.js';
export type { Box as OverlayBox } from './svg-geometry.js';
// The Core checks uploads with createSvgProcessor, so a big drawing never blocks the event loop.
export {
  createSvgProcessor,
  DEFAULT_SVG_TIMEOUT_MS,
  type SvgProcessor,
  type SvgProcessorOptions,
  type MapFileCheck,
  type CheckedMapFile,
} from './svg-processor.js';

// The editor's overlays and their bulk import: planOverlayImport is the dry run; a commit writes
// the plan's rows all-or-nothing (only when `ok`).
export {
  OverlaySchema,
  BindingSchema,
  ExternalIdSchema,
  pickOverlay,
  bindingTarget,
  type Overlay,
  type Binding,
  type BindingType,
} from './overlay-model.js';
export {
  planOverlayImport,
  planOverlayImportAsync,
  PROGRESS_EVERY,
  type ImportPlan,
  type ImportRow,
  type ImportInput,
  type ImportOptions,
} from './overlay-import.js';
// A new overlay layer's shapes that no overlay references yet become unbound overlays.
export { overlaysForShapes, type ShapeForOverlay } from './shape-overlays.js';

// Status: the mapping from source statuses to Outpost's normalised set, external HTTP JSON
// integrations, and the 30-second single-flight cache behind the public status endpoint.
export {
  StatusMappingSchema,
  NORMALISED_STATUSES,
  EMPTY_STATUS_MAPPING,
  STATUS_COLORS,
  applyStatusMapping,
  assertRunnableStatusMapping,
  collectUnmapped,
  statusLegend,
  type StatusMapping,
  type NormalisedStatus,
} from './status-mapping.js';
export { ExternalStatusConfigSchema, extractStatuses, type ExternalStatusConfig } from './external-status.js';
export { createStatusCache, DEFAULT_STATUS_TTL_MS, type StatusCache, type CachedValue } from './status-cache.js';

// Releases: immutable, canonical release.json manifests and their diff.
export {
  buildReleaseManifest,
  releaseEtag,
  ReleaseManifestSchema,
  type ReleaseManifest,
  type ReleaseInput,
  type BuiltRelease,
} from './release-manifest.js';
export { diffReleases, type ReleaseDiff } from './release-diff.js';

// Live status: one cached, pushed status per site from its integration.
export type { SiteStatusService, SiteStatusServiceOptions } from './status-service-types.js';
export type { SiteStatusStore, StatusLog } from './status-service-types.js';
export { createSiteStatusService } from './status-service.js';
export { readInternalStatuses } from './internal-status.js';
export { listUnresolvedAlerts } from './unresolved-alerts.js';
export { mapStatusItems, type RawStatusItem } from './map-status-items.js';
export {
  fetchStatusJson,
  fetchStatusForTest,
  assertAllowedStatusUrl,
  StatusFetchError,
  upstreamName,
  MAX_STATUS_RESPONSE_BYTES,
} from './external-fetch.js';
export {
  createExternalStatusSource,
  DEFAULT_EXTERNAL_POLICY,
  type ExternalPolicy,
  type ExternalStatusSource,
} from './external-source.js';

// The slice: its handler table, its HTTP routes, the public map service, and the bus wrappers that keep
// the public cache and the live status in step with what the rest of Outpost publishes.
export { sitemapHandlers } from './handlers.js';
export type { SitemapHandlerDeps } from './handlers/handler-deps.js';
export { sitemapRoutes, PUBLIC_PATH_PREFIX, type SitemapRoutes } from './routes.js';
export { createPublicSitemap, invalidatingBus, type PublicSitemapService } from './public/public-sitemap.js';
export type { PublicAsset, PublicSitemap } from './public/public-sitemap-types.js';
export { statusTouchingBus } from './status-touch.js';
// The upload path itself, for slices that put a map together (the sample site).
export { uploadMapAsset, type MapUpload } from './uploads/sitemap-uploads.js';
