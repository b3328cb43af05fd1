import type { Config } from '../core/slice-kit/index.js';
import type { SliceRoutes } from '../server/route-kit/index.js';
import { siteMapPaths } from './openapi-site-map-paths.js';
import { registerPublicSitemapRoutes } from './public/public-sitemap-routes.js';
import { largeBodyMethods } from './rpc-body-limits.js';
import type { PublicSitemap } from './public/public-sitemap-types.js';
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

export function sitemapRoutes(options: {
  publicSitemap: PublicSitemap;
  config: Pick<Config, 'server' | 'sitemap'>;
}): SitemapRoutes {
  const { sitemap } = options.config;
  return {
    publicSitemap: options.publicSitemap,
    rateLimits: [{ prefix: PUBLIC_PATH_PREFIX, bucket: 'public' }],
    // Uploads and imports over rpc (the desktop app's path) carry whole files.
    largeRpcBodies: largeBodyMethods(options.config),
    async register(app, host) {
      await registerSiteAssetsRoute(app, host, {
        basemap: sitemap.maxBasemapBytes,
        overlay: sitemap.maxOverlaySvgBytes,
      });
      await registerPublicSitemapRoutes(app, host, options.publicSitemap);
    },
    openApiPaths: siteMapPaths,
  };
}
