import type { FastifyReply } from 'fastify';

/**
 * Cross-origin access to the public site-map endpoints: wall boards and web embeds on other origins
 * read them, and no credentials are involved (no cookies, no tokens), so any origin may. ETag and
 * Content-Range are exposed so a script can revalidate and resume. The resource policy overrides
 * helmet's `same-origin`, which would stop an `<img>` on another origin from showing a base map.
 */
export function allowAnyOrigin(reply: FastifyReply): FastifyReply {
  return reply
    .header('access-control-allow-origin', '*')
    .header('access-control-expose-headers', 'ETag, Content-Range, Accept-Ranges, Retry-After')
    .header('cross-origin-resource-policy', 'cross-origin');
}

/** Answer to a CORS preflight (a script sending `If-None-Match` or `Range` by hand triggers one). */
export function answerPreflight(reply: FastifyReply): FastifyReply {
  return allowAnyOrigin(reply)
    .header('access-control-allow-methods', 'GET, HEAD')
    .header('access-control-allow-headers', 'If-None-Match, If-Modified-Since, Range')
    .header('access-control-max-age', '86400')
    .header('cache-control', 'public, max-age=86400')
    .status(204)
    .send();
}
