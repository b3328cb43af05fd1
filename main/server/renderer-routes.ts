import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { OutpostError } from '../contract/index.js';
import { chooseEncoding } from './accept-encoding.js';
import { ifNoneMatchHits } from './etag.js';
import { isApiPath } from './rate-limit.js';
import { RendererFiles, type RendererFile } from './renderer-files.js';

export const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Outpost</title></head>
<body><h1>Outpost</h1><p>The renderer is not built. Run <code>npm run build</code>, then reload this page.</p>
<p>The API is running: see <a href="/docs">/docs</a> and <a href="/healthz">/healthz</a>.</p></body></html>
`;

/** Hashed assets may be kept for good; everything else (index.html above all) is checked at each use. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';
/** How often, at most, a page request looks for a newer build on disk. */
const BUILD_CHECK_MS = 1000;

function pathOf(request: FastifyRequest): string {
  const raw = request.url.split('?')[0]!;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** A page of the single-page app (a path without a file extension), as opposed to a missing asset. */
function isAppPage(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const path = pathOf(request);
  if (isApiPath(path)) return false;
  const last = path.slice(path.lastIndexOf('/') + 1);
  return !last.includes('.');
}

/**
 * Answers with the coding the client prefers among those built (brotli, gzip, none), its exact
 * length and its own strong ETag, or 304 when the client already holds those bytes. Every answer
 * says it varies by Accept-Encoding, so a shared cache never hands brotli to a client without it.
 */
function sendFile(request: FastifyRequest, reply: FastifyReply, file: RendererFile): FastifyReply {
  const coding = chooseEncoding(
    request.headers['accept-encoding'],
    (['br', 'gzip'] as const).filter((c) => file.coded[c]),
  );
  const chosen = coding === 'identity' ? file.identity : file.coded[coding]!;
  reply
    .header('vary', 'Accept-Encoding')
    .header('etag', chosen.etag)
    .header('cache-control', file.immutable ? IMMUTABLE : REVALIDATE);
  if (ifNoneMatchHits(request.headers['if-none-match'], chosen.etag)) return reply.status(304).send();
  if (coding !== 'identity') reply.header('content-encoding', coding);
  return reply.type(file.contentType).header('content-length', chosen.body.length).send(chosen.body);
}

/**
 * The build on disk, reloaded when index.html changes (a rebuild under a running `outpost serve`),
 * checked at most once a second.
 */
class CurrentBuild {
  #checkedAt = 0;
  #reloading: Promise<void> | null = null;

  constructor(public files: RendererFiles) {}

  async fresh(): Promise<RendererFiles> {
    const now = Date.now();
    if (now - this.#checkedAt >= BUILD_CHECK_MS && !this.#reloading) {
      this.#checkedAt = now;
      this.#reloading = this.#reloadIfChanged().finally(() => (this.#reloading = null));
    }
    if (this.#reloading) await this.#reloading;
    return this.files;
  }

  async #reloadIfChanged(): Promise<void> {
    const builtAt = await stat(join(this.files.dir, 'index.html')).then(
      (s) => s.mtimeMs,
      () => this.files.builtAt,
    );
    if (builtAt === this.files.builtAt) return;
    // A build still being written fails to read or lacks files: keep serving the last good one.
    this.files = (await RendererFiles.load(this.files.dir).catch(() => null)) ?? this.files;
  }
}

/**
 * Serves the built renderer, falls back to its index.html for client-side routes, and answers
 * everything else that matches no route with the contract's JSON `not_found`.
 */
export async function registerRendererRoutes(
  app: FastifyInstance,
  rendererDir: string,
  onNotFound: (request: FastifyRequest, reply: FastifyReply, err: OutpostError) => FastifyReply,
): Promise<void> {
  const loaded = await RendererFiles.load(rendererDir);
  const build = loaded ? new CurrentBuild(loaded) : null;

  if (build) {
    // Answers choose their own coding from the built files: never compressed again on the way out.
    app.get('/*', { compress: false }, async (request, reply) => {
      const path = pathOf(request);
      if (isAppPage(request) || path === '/index.html') return sendFile(request, reply, (await build.fresh()).index);
      const file = build.files.get(path);
      return file ? sendFile(request, reply, file) : reply.callNotFound();
    });
  } else {
    app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(NOT_BUILT_PAGE));
  }

  app.setNotFoundHandler(async (request, reply) => {
    if (isAppPage(request)) {
      if (build) return sendFile(request, reply, (await build.fresh()).index);
      return reply.type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
    }
    return onNotFound(
      request,
      reply,
      new OutpostError(
        'not_found',
        `Nothing at ${request.method} ${pathOf(request)}. API methods are POST /api/rpc/{method}; see /docs for the list.`,
      ),
    );
  });
}
