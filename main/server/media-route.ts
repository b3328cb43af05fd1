import type { FastifyInstance } from 'fastify';
import { OutpostError } from '../contract/index.js';
import type { Core } from '../core/index.js';
import { bearerToken } from './bearer.js';
import { parseByteRange } from './byte-range.js';

/**
 * `GET /api/media/{sha256}`: a stored snapshot or clip, for a signed-in user whose tenant has an
 * event that references it. Files are content-addressed, so a hash's bytes never change: the
 * browser may keep them for a year (privately: they are a customer's camera images), and the hash
 * is the ETag. A single `Range` is honoured so a video player can seek in a clip.
 */
export function registerMediaRoute(app: FastifyInstance, core: Core): void {
  const media = core.media;
  if (!media) return;

  app.get<{ Params: { sha256: string } }>('/api/media/:sha256', async (request, reply) => {
    const session = await core.authenticate(bearerToken(request.headers.authorization));
    const file = await media.find(session, request.params.sha256);
    const etag = `"${file.sha256}"`;
    reply
      .header('content-type', file.contentType)
      .header('cache-control', 'private, max-age=31536000, immutable')
      .header('etag', etag)
      .header('accept-ranges', 'bytes')
      .header('x-content-type-options', 'nosniff');

    const ifNoneMatch = request.headers['if-none-match'];
    if (ifNoneMatch !== undefined && ifNoneMatch.split(',').some((tag) => [etag, '*'].includes(tag.trim()))) {
      return reply.status(304).send();
    }

    const range = parseByteRange(request.headers.range, file.size);
    if (range === 'unsatisfiable') {
      const error = new OutpostError(
        'invalid_input',
        `The requested range is outside the file, which has ${file.size} bytes. Ask for a range within it.`,
        { issues: [{ path: 'range', message: `must start below ${file.size}` }] },
      );
      return reply
        .status(416)
        .header('content-type', 'application/json; charset=utf-8')
        .header('content-range', `bytes */${file.size}`)
        .send(error.toBody());
    }
    if (range === undefined) {
      return reply.status(200).header('content-length', file.size).send(media.open(file.sha256));
    }
    return reply
      .status(206)
      .header('content-range', `bytes ${range.start}-${range.end}/${file.size}`)
      .header('content-length', range.end - range.start + 1)
      .send(media.open(file.sha256, range));
  });
}
