import type { FastifyInstance } from 'fastify';
import { OutpostError, type PublicStatus } from '../../contract/index.js';
import {
  acceptsGzip,
  hashEtag,
  ifNoneMatchHits,
  sendError,
  sendStoredFile,
  type RouteHost,
} from '../../server/route-kit/index.js';
import { protectAsset } from '../uploads/asset-headers.js';
import { allowAnyOrigin, answerPreflight } from './public-cors.js';
import { notPublished, publicEnv, publicSha256, publicSlug } from './public-params.js';
import { ReleaseBodies } from './release-bodies.js';
import type { PublicSitemap } from './public-sitemap-types.js';
import { StatusBodies } from './status-bodies.js';

/**
 * A CDN may keep a status answer this many seconds at most (less when `sitemap.publicMaxAgeSeconds`
 * is lower). The Core already reuses one upstream answer for `sitemap.statusCacheSeconds` (30 s);
 * a CDN holding it the full release max-age on top would double how stale a wall board can be.
 * 5 s still folds a fleet of boards into one origin request per 5 s per slug and environment,
 * and the origin answers from memory.
 */
export const STATUS_MAX_AGE_SECONDS = 5;

/** Seconds a retry after `unavailable` (no answer from the status source yet) is worth waiting. */
const RETRY_AFTER_SECONDS = 5;

/**
 * The public, unauthenticated site-map endpoints for wall boards and web embeds: the current
 * release.json of an environment, its overlays' statuses, and the files it references. They are
 * meant to be cheap: no session, no dispatcher, answers from the Core's in-memory caches. Every
 * answer may be read from any origin; errors are never cached, so a site published a moment later
 * shows at once. (Their rate limit is a bucket per address of its own: rate-limit.ts.)
 */
export async function registerPublicSitemapRoutes(
  app: FastifyInstance,
  host: RouteHost,
  site: PublicSitemap,
): Promise<void> {
  const { bodyLimitBytes } = host;
  const statusMaxAge = Math.min(site.maxAgeSeconds, STATUS_MAX_AGE_SECONDS);
  const releaseBodies = new ReleaseBodies();
  const statusBodies = new StatusBodies();

  await app.register(async (scope) => {
    scope.addHook('onRequest', async (_request, reply) => {
      allowAnyOrigin(reply);
    });
    scope.setErrorHandler((err, request, reply) => {
      allowAnyOrigin(reply).header('cache-control', 'no-store');
      return sendError(reply, request, publicError(err), bodyLimitBytes);
    });

    scope.options('/api/public/*', async (_request, reply) => answerPreflight(reply));

    scope.get<{ Params: { slug: string } }>('/api/public/:slug/release.json', async (request, reply) => {
      const slug = publicSlug(request.params.slug);
      const release = site.release(slug, publicEnv(request.query));
      const etag = hashEtag(release.sha256);
      reply
        .header('etag', etag)
        .header('cache-control', `public, max-age=${site.maxAgeSeconds}`)
        .header('last-modified', new Date(release.publishedAt).toUTCString())
        .header('vary', 'Accept-Encoding');
      // Only the ETag is compared: after a rollback the current release is older than the one a
      // client holds, so an If-Modified-Since check would wrongly answer 304.
      if (ifNoneMatchHits(request.headers['if-none-match'], etag)) return reply.status(304).send();
      reply.type('application/json; charset=utf-8');
      // The exact stored bytes (their hash is the ETag), gzipped for clients that ask. The ETag
      // stays the hash of the decoded bytes either way: no Range is served here, which is where
      // one tag for two codings could mislead a cache.
      const gzipped = acceptsGzip(request.headers['accept-encoding'])
        ? await releaseBodies.gzip(release.sha256, release.json)
        : undefined;
      if (gzipped) return reply.header('content-encoding', 'gzip').send(gzipped);
      return reply.send(releaseBodies.identity(release.sha256, release.json));
    });

    scope.get<{ Params: { slug: string } }>('/api/public/:slug/status', async (request, reply) => {
      const slug = publicSlug(request.params.slug);
      const env = publicEnv(request.query);
      let status: PublicStatus;
      try {
        status = await site.status(slug, env);
      } catch (err) {
        if (!(err instanceof OutpostError) || err.code !== 'unavailable') throw err;
        // The Core's message may quote the upstream's error (its host, its answer): the operator's
        // business, not the public's. It goes to the log; the answer only says what to do.
        request.log.info({ slug, env, reason: err.message }, 'public status unavailable');
        throw new OutpostError(
          'unavailable',
          "This site's live status is not available yet: its status source has not answered. Retry in a few seconds.",
          { retryAfterSeconds: err.retryAfterSeconds ?? RETRY_AFTER_SECONDS },
        );
      }
      reply.header('cache-control', `public, max-age=${statusMaxAge}`);
      const gzip = acceptsGzip(request.headers['accept-encoding']);
      if (gzip) reply.header('content-encoding', 'gzip');
      return reply
        .header('vary', 'Accept-Encoding')
        .type('application/json; charset=utf-8')
        .send(statusBodies.render(status, gzip));
    });

    scope.get<{ Params: { slug: string; sha256: string } }>(
      '/api/public/:slug/assets/:sha256',
      async (request, reply) => {
        const file = await site.asset(publicSlug(request.params.slug), publicSha256(request.params.sha256));
        // Content-addressed: a hash's bytes never change, so anyone may keep them for good.
        return sendStoredFile(
          request,
          protectAsset(reply),
          file,
          (range) => file.open(range),
          'public, max-age=31536000, immutable',
        );
      },
    );
  });
}

/** Every "not there" looks the same (see notPublished). */
function publicError(err: unknown): unknown {
  return err instanceof OutpostError && err.code === 'not_found' ? notPublished() : err;
}
