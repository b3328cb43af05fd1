import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { OutpostError } from '../../contract/index.js';
import { bearerToken, sendError, TokenBuckets, type SliceRoutes } from '../../server/route-kit/index.js';
import { readMultipartEvent } from './ingest-multipart.js';
import type { AuthorizedSource, WebhookIngest } from './webhook-ingest.js';

/** Events in one JSON array at most. */
export const MAX_EVENTS_PER_REQUEST = 500;
export const INGEST_PATH_PREFIX = '/api/ingest/';

/** Per-source bucket: devices post bursts, but one source must not flood the pipeline for all. */
const SOURCE_BURST = 2000;
const SOURCE_REFILL_PER_SECOND = 1000;

declare module 'fastify' {
  interface FastifyRequest {
    ingestSource?: AuthorizedSource;
  }
}

const tooFast = (what: string, retryAfterSeconds: number) =>
  new OutpostError('rate_limited', `${what}; wait ${retryAfterSeconds} s and retry.`, { retryAfterSeconds });

const sourceIdOf = (request: FastifyRequest) => (request.params as { sourceId?: string }).sourceId ?? '';

/** The ingest routes, and the ingest they serve (tests reach it through the Core's routes). */
export type WebhookIngestRoutes = SliceRoutes & { ingest: WebhookIngest };

/**
 * `POST /api/ingest/{sourceId}`: a webhook source posts one JSON event, an array of up to 500, or
 * multipart with an `event` field and a `snapshot` (JPEG/PNG) or `clip` (MP4) file. The token is
 * checked before the body is read, and 202 is sent only after the events are committed.
 */
export function webhookIngestRoutes(ingest: WebhookIngest): WebhookIngestRoutes {
  return {
    ingest,
    // Devices share no user identity: each source has its own bucket, below.
    rateLimits: [{ prefix: INGEST_PATH_PREFIX, bucket: 'own' }],
    register: (app, host) => registerIngestRoute(app, host.bodyLimitBytes, ingest),
  };
}

async function registerIngestRoute(app: FastifyInstance, bodyLimitBytes: number, ingest: WebhookIngest): Promise<void> {
  const buckets = new TokenBuckets({ burst: SOURCE_BURST, refillPerSecond: SOURCE_REFILL_PER_SECOND });
  const failures = new TokenBuckets({ burst: 20, refillPerSecond: 1 });

  await app.register(async (scope) => {
    await scope.register(multipart, {
      throwFileSizeLimit: true,
      limits: { fileSize: ingest.maxMediaBytes, files: 1, fields: 4, fieldSize: bodyLimitBytes, parts: 5 },
    });

    scope.setErrorHandler((err, request, reply) => {
      // Everything wrong with an authorized request's body counts against its source's health.
      if (request.ingestSource) {
        ingest.rejected(request.ingestSource.sourceId, err instanceof Error ? err.message : String(err));
      }
      return sendError(reply, request, err, bodyLimitBytes);
    });

    scope.addHook('onRequest', async (request) => {
      const sourceId = sourceIdOf(request);
      let source: AuthorizedSource;
      try {
        source = ingest.authorize(sourceId, bearerToken(request.headers.authorization));
      } catch (err) {
        // Guessing tokens or source ids is limited per address, so it cannot drain a real source's bucket.
        const guess = failures.take(request.ip);
        if (!guess.allowed) throw tooFast(`Too many refused requests from ${request.ip}`, guess.retryAfterSeconds);
        throw err;
      }
      const taken = buckets.take(sourceId);
      if (!taken.allowed) {
        throw tooFast(
          `Source ${sourceId} sends faster than ${SOURCE_REFILL_PER_SECOND} requests/s. Batch events in arrays of up to ${MAX_EVENTS_PER_REQUEST}`,
          taken.retryAfterSeconds,
        );
      }
      request.ingestSource = source;
    });

    // JSON bodies keep server.bodyLimitBytes; multipart is read lazily and bounded by the limits above.
    scope.post<{ Params: { sourceId: string } }>('/api/ingest/:sourceId', async (request, reply) => {
      const source = request.ingestSource!;
      if (request.isMultipart()) {
        if (!source.allowMedia) {
          throw new OutpostError(
            'unsupported_media_type',
            'This source does not accept media. Send the event as JSON, or turn on allowMedia in its settings.',
          );
        }
        const event = await readMultipartEvent(request, ingest, source);
        const { ids } = await ingest.ingest(source, [event]);
        return reply.status(202).send({ id: ids[0] });
      }
      const body = request.body;
      refuseMediaReferences(body);
      if (Array.isArray(body)) {
        if (body.length === 0 || body.length > MAX_EVENTS_PER_REQUEST) {
          throw new OutpostError(
            'invalid_input',
            `Send between 1 and ${MAX_EVENTS_PER_REQUEST} events per request (got ${body.length}).`,
            { issues: [{ path: '', message: `must hold 1 to ${MAX_EVENTS_PER_REQUEST} events` }] },
          );
        }
        const { ids } = await ingest.ingest(source, body);
        return reply.status(202).send({ ids });
      }
      if (typeof body !== 'object' || body === null) {
        throw new OutpostError('invalid_input', 'Send a JSON object like {"message": "…"} or an array of them.', {
          issues: [{ path: '', message: 'must be an object or an array of objects' }],
        });
      }
      const { ids } = await ingest.ingest(source, [body]);
      return reply.status(202).send({ id: ids[0] });
    });
  });
}

/**
 * Files come with an event only as multipart uploads, stored and checked here. A JSON event naming
 * a file by its hash is refused: it could name another tenant's file and read it through its event.
 */
function refuseMediaReferences(body: unknown): void {
  const events = Array.isArray(body) ? body : [body];
  const at = events.findIndex((e) => typeof e === 'object' && e !== null && 'media' in e);
  if (at === -1) return;
  const path = Array.isArray(body) ? `${at}.media` : 'media';
  throw new OutpostError(
    'invalid_input',
    'Attach a snapshot or clip as a multipart upload (fields "event" and "snapshot" or "clip"); media references are not accepted in JSON.',
    { issues: [{ path, message: 'is not accepted in JSON; upload the file as multipart' }] },
  );
}
