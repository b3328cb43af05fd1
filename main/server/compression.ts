import compress from '@fastify/compress';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';

/** Answers smaller than this go out as they are: compressing them saves less than it costs. */
export const COMPRESS_THRESHOLD_BYTES = 1024;

/**
 * Routes that must never be compressed on the way out, by URL, so the list holds wherever a route
 * is registered (slices register their own):
 * - `/api/events`: Server-Sent Events; a compressor holds each event back until its buffer fills.
 * - `/api/media/…` and `/api/public/…/assets/…`: files served with `Range`, whose byte offsets
 *   must be those of the stored file (and JPEG, PNG and video are compressed already).
 * - `/api/public/…/release.json` and `/status`: they gzip once per release or status themselves
 *   and cache the result; compressing again per request would redo that work for every board.
 */
const OWN_CODING = /^\/api\/(?:events(?:$|[/?])|media\/|public\/)/;

export function keepsOwnCoding(url: string): boolean {
  return OWN_CODING.test(url);
}

/**
 * An ETag names the bytes of one coding. Compressed on the fly, the answer carries the tag its
 * route gave the uncompressed bytes, so it is marked weak (as nginx does): still good for
 * `If-None-Match`, never taken as a promise of identical bytes.
 */
async function weakenCompressedEtag(_request: FastifyRequest, reply: FastifyReply, payload: unknown) {
  const etag = reply.getHeader('etag');
  if (typeof etag === 'string' && !etag.startsWith('W/') && reply.getHeader('content-encoding') !== undefined) {
    reply.header('etag', `W/${etag}`);
  }
  return payload;
}

function appendOnSend(route: RouteOptions, hook: typeof weakenCompressedEtag): void {
  const existing = route.onSend;
  route.onSend = existing === undefined ? [hook] : [...(Array.isArray(existing) ? existing : [existing]), hook];
}

/**
 * API answers (JSON from /api/rpc, /docs, /metrics…) over the threshold are compressed with
 * brotli or gzip, whichever the client prefers. Registered before any route: the plugin attaches
 * itself to each route as it is added. Request bodies are not decompressed: a compressed body
 * would let a small upload expand past the body limits' intent, and no client sends one.
 */
export async function registerCompression(app: FastifyInstance): Promise<void> {
  app.addHook('onRoute', (route) => {
    if (keepsOwnCoding(route.url)) route.compress = false;
  });
  await app.register(compress, {
    global: true,
    globalDecompression: false,
    threshold: COMPRESS_THRESHOLD_BYTES,
    encodings: ['br', 'gzip'],
  });
  // Added after the plugin's own onRoute hook, so this onSend runs after it has compressed.
  app.addHook('onRoute', (route) => {
    if (route.compress !== false) appendOnSend(route, weakenCompressedEtag);
  });
}
