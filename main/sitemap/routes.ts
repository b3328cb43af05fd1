import type { SliceRoutes } from '../server/route-kit/index.js';
import { siteMapPaths } from './openapi-site-map-paths.js';
import { registerPublicSitemapRoutes } from './public/public-sitemap-routes.js';
import type { PublicSitemap } from './public/public-sitemap-types.js';
import type { AssetLimits } from './uploads/site-asset-multipart.js';
import { registerSiteAssetsRoute } from './uploads/site-assets-route.js';

/** The unauthenticated site-map endpoints read by wall boards and web embeds. */
export const PUBLIC_PATH_PREFIX = '/api/public/';

/**
 * The site map's HTTP routes: its files (`/api/sites/{siteId}/assets`, through the contract's
 * methods) and its public endpoints (`/api/public/{slug}/…`), which a fleet of wall boards behind
 * one address polls: they take the server's per-address public bucket, not the per-user one.
 */
export interface SitemapRoutes extends SliceRoutes {
  /** The service behind the public endpoints (tests reach the Core's own through it). */
  readonly publicSitemap: PublicSitemap;
}

export function sitemapRoutes(options: { publicSitemap: PublicSitemap; limits: AssetLimits }): SitemapRoutes {
  return {
    publicSitemap: options.publicSitemap,
    rateLimits: [{ prefix: PUBLIC_PATH_PREFIX, bucket: 'public' }],
    async register(app, host) {
      await registerSiteAssetsRoute(app, host, options.limits);
      await registerPublicSitemapRoutes(app, host, options.publicSitemap);
    },
    openApiPaths: siteMapPaths,
  };
}
