import type { FastifyInstance } from 'fastify';

/**
 * JSON is the only body the API accepts (anything else answers 415). An empty JSON body means `{}`,
 * so methods without input can be called with a bare POST; everything else goes through Fastify's
 * own parser, which guards against prototype poisoning.
 */
export function acceptJsonOnly(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, {});
      return;
    }
    parseJson(request, text, done);
  });
}
