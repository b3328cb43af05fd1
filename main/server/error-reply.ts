import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { OutpostError, toOutpostError } from '../contract/index.js';

/**
 * Turns what Fastify itself rejects (before our handlers run) into the contract's error codes,
 * so every error answer has the same JSON shape whatever produced it.
 */
export function fromFastifyError(err: FastifyError, bodyLimitBytes: number): OutpostError | undefined {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new OutpostError(
        'payload_too_large',
        `The request body is larger than ${bodyLimitBytes} bytes. Send less data, or raise server.bodyLimitBytes.`,
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new OutpostError(
        'unsupported_media_type',
        'Unsupported Content-Type. Send the body as JSON with "Content-Type: application/json".',
      );
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new OutpostError('invalid_input', `The body is not valid JSON (${err.message}). Fix the JSON and retry.`, {
        issues: [{ path: '', message: 'is not valid JSON' }],
      });
  }
  if (err instanceof SyntaxError || (err.statusCode === 400 && err.code?.startsWith('FST_ERR_CTP'))) {
    return new OutpostError('invalid_input', 'The body is not valid JSON. Fix the JSON and retry.', {
      issues: [{ path: '', message: 'is not valid JSON' }],
    });
  }
  if (err.validation) {
    return new OutpostError('invalid_input', `Invalid request: ${err.message}`, {
      issues: err.validation.map((v) => ({
        path: v.instancePath.replace(/^\//, '').replaceAll('/', '.'),
        message: v.message ?? 'is invalid',
      })),
    });
  }
  if (err.statusCode === 413) return new OutpostError('payload_too_large', err.message);
  if (err.statusCode === 415) return new OutpostError('unsupported_media_type', err.message);
  if (err.statusCode === 404) return new OutpostError('not_found', err.message);
  if (err.statusCode === 503) return new OutpostError('unavailable', err.message);
  if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
    return new OutpostError('invalid_input', err.message);
  }
  return undefined;
}

/** Sends an error the way every route does: contract status, JSON body, Retry-After on 429, no internals. */
export function sendError(
  reply: FastifyReply,
  request: FastifyRequest,
  thrown: unknown,
  bodyLimitBytes: number,
): FastifyReply {
  const mapped =
    thrown instanceof OutpostError
      ? thrown
      : ((typeof thrown === 'object' && thrown !== null && 'code' in thrown
          ? fromFastifyError(thrown as FastifyError, bodyLimitBytes)
          : undefined) ?? toOutpostError(thrown));

  if (mapped.code === 'internal') {
    // The body stays generic; the original error and its stack go to the log only.
    request.log.error({ err: thrown }, 'request failed');
  } else {
    request.log.info({ code: mapped.code }, mapped.message);
  }
  if (mapped.retryAfterSeconds !== undefined) reply.header('retry-after', String(mapped.retryAfterSeconds));
  return reply.status(mapped.status).type('application/json; charset=utf-8').send(mapped.toBody());
}
