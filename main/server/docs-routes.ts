import type { FastifyInstance } from 'fastify';
import type { OpenApiDocument } from './openapi.js';
import { DOCS_CSS, renderDocsPage } from './docs-page.js';

/**
 * `build` runs on the first request for the docs, not at start: turning every method's schemas into
 * JSON Schema took about a third of a second of every cold start (serve-cold-start bench), for pages
 * few people open. The method table is fixed for the life of the process, so both are built once.
 */
export function registerDocsRoutes(app: FastifyInstance, build: () => OpenApiDocument): void {
  let document: OpenApiDocument | undefined;
  let page: string | undefined;
  const documentOnce = () => (document ??= build());

  app.get('/docs/openapi.json', async () => documentOnce());
  app.get('/docs', async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send((page ??= renderDocsPage(documentOnce()))),
  );
  app.get('/docs/docs.css', async (_request, reply) => reply.type('text/css; charset=utf-8').send(DOCS_CSS));
}
