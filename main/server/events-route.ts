import type { FastifyInstance } from 'fastify';
import { OutpostError, TOPIC_NAMES, type TopicName } from '../contract/index.js';
import type { Core } from '../core/index.js';
import { bearerToken } from './bearer.js';
import type { SseStreams } from './sse-streams.js';

export const HEARTBEAT_MS = 15_000;

/** `?topics=a,b` (or repeated `topics=`); none means every topic. */
export function parseTopics(raw: unknown): TopicName[] {
  const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw])
    .flatMap((v) => String(v).split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  if (values.length === 0) return [...TOPIC_NAMES];
  const unknown = values.filter((v) => !(TOPIC_NAMES as string[]).includes(v));
  if (unknown.length > 0) {
    throw new OutpostError(
      'invalid_input',
      `Unknown topic ${unknown.map((t) => `"${t}"`).join(', ')}. Choose from: ${TOPIC_NAMES.join(', ')}.`,
      { issues: [{ path: 'topics', message: `must be a comma-separated list of: ${TOPIC_NAMES.join(', ')}` }] },
    );
  }
  return [...new Set(values)] as TopicName[];
}

/**
 * `GET /api/events`: live updates as Server-Sent Events. The token comes in the Authorization
 * header (the renderer reads the stream with fetch), so it never lands in URLs or access logs.
 */
export function registerEventsRoute(
  app: FastifyInstance,
  core: Core,
  streams: SseStreams,
  heartbeatMs = HEARTBEAT_MS,
): void {
  app.get<{ Querystring: { topics?: string | string[] } }>('/api/events', async (request, reply) => {
    const topics = parseTopics(request.query.topics);
    const token = bearerToken(request.headers.authorization);
    const session = await core.authenticate(token);

    let unsubscribe = (): void => {};
    // Each heartbeat checks the session again: a stream ends soon after its session does (logout,
    // expiry, a disabled user or tenant), instead of living on until the client goes away.
    const heartbeat = setInterval(() => {
      core.authenticate(token).then(
        () => stream.comment('heartbeat'),
        () => stream.end(),
      );
    }, heartbeatMs);
    const stream = streams.open(() => {
      clearInterval(heartbeat);
      unsubscribe();
    });
    try {
      unsubscribe = core.subscribe(session, topics, (topic, payload) => stream.send(topic, payload));
    } catch (err) {
      stream.end();
      throw err;
    }
    reply.raw.on('close', () => stream.end());

    // Sent at once so the client sees the headers and knows the subscription is live.
    stream.comment(`subscribed to ${topics.join(',')}`);
    return reply
      .header('content-type', 'text/event-stream; charset=utf-8')
      .header('cache-control', 'no-cache, no-transform')
      .header('x-accel-buffering', 'no')
      .send(stream.body);
  });
}
