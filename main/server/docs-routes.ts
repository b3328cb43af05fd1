import type { FastifyInstance } from 'fastify';
import type { OpenApiDocument } from './openapi.js';
import { DOCS_CSS, renderDocsPage } from './docs-page.js';

export function registerDocsRoutes(app: FastifyInstance, document: OpenApiDocument): void {
  // The method table is fixed for the life of the process: render the page once.
  const page = renderDocsPage(document);

  app.get('/docs/openapi.json', async () => document);
  app.get('/docs', async (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
  app.get('/docs/docs.css', async (_request, reply) => reply.type('text/css; charset=utf-8').send(DOCS_CSS));
}
