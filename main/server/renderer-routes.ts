import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { OutpostError } from '../contract/index.js';
import { isApiPath } from './rate-limit.js';

export const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Outpost</title></head>
<body><h1>Outpost</h1><p>The renderer is not built. Run <code>npm run build</code>, then reload this page.</p>
<p>The API is running: see <a href="/docs">/docs</a> and <a href="/healthz">/healthz</a>.</p></body></html>
`;

/** A page of the single-page app (a path without a file extension), as opposed to a missing asset. */
function isAppPage(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const path = request.url.split('?')[0]!;
  if (isApiPath(path)) return false;
  const last = path.slice(path.lastIndexOf('/') + 1);
  return !last.includes('.');
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
  const built = existsSync(join(rendererDir, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, {
      root: rendererDir,
      cacheControl: false,
      setHeaders: (reply, path) => {
        // Vite fingerprints everything under assets/; index.html must be revalidated to pick up new builds.
        reply.header(
          'cache-control',
          path.includes(`${join('assets', '')}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  } else {
    app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(NOT_BUILT_PAGE));
  }

  app.setNotFoundHandler(async (request, reply) => {
    if (isAppPage(request)) {
      if (built) return reply.header('cache-control', 'no-cache').sendFile('index.html');
      return reply.type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
    }
    const path = request.url.split('?')[0]!;
    return onNotFound(
      request,
      reply,
      new OutpostError(
        'not_found',
        `Nothing at ${request.method} ${path}. API methods are POST /api/rpc/{method}; see /docs for the list.`,
      ),
    );
  });
}
