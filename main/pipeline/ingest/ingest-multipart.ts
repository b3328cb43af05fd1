import type { FastifyRequest } from 'fastify';
import { OutpostError } from '../../contract/index.js';
import { sniffMediaType } from '../../media/index.js';
import type { AuthorizedSource, WebhookIngest } from './webhook-ingest.js';

type MediaKind = 'snapshot' | 'clip';

/** What each file field accepts, told by the bytes themselves (a sender's Content-Type is not trusted). */
const ACCEPTED: Record<MediaKind, string[]> = { snapshot: ['image/jpeg', 'image/png'], clip: ['video/mp4'] };

const invalid = (path: string, message: string, hint: string) =>
  new OutpostError('invalid_input', `${path}: ${message}. ${hint}`, { issues: [{ path, message }] });

/**
 * Reads `event` (JSON text) and at most one `snapshot` or `clip` file; stores the file through the
 * blob store and returns the event with its media attached. Errors name the part.
 */
export async function readMultipartEvent(
  request: FastifyRequest,
  ingest: WebhookIngest,
  source: AuthorizedSource,
): Promise<unknown> {
  try {
    return await readParts(request, ingest, source);
  } catch (err) {
    if (err instanceof OutpostError) throw err;
    const status = (err as { statusCode?: number }).statusCode;
    if (status === 413) {
      throw new OutpostError(
        'payload_too_large',
        'The multipart body has too many or too large parts. Send one event and one file.',
      );
    }
    // busboy's "Unexpected end of form", a bad boundary, a cut connection: the body is not a whole form.
    throw new OutpostError(
      'invalid_input',
      `The multipart body is incomplete or malformed (${err instanceof Error ? err.message : String(err)}). Resend the whole form.`,
      { issues: [{ path: '', message: 'is not a complete multipart/form-data body' }] },
    );
  }
}

async function readParts(request: FastifyRequest, ingest: WebhookIngest, source: AuthorizedSource): Promise<unknown> {
  let event: Record<string, unknown> | undefined;
  const media: unknown[] = [];
  for await (const part of request.parts()) {
    if (part.type === 'field') {
      if (part.fieldname !== 'event') {
        throw invalid(part.fieldname, 'is not a known field', 'Send the event as a field named "event".');
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(String(part.value));
      } catch {
        throw invalid('event', 'is not valid JSON', 'Send the event as a JSON object.');
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw invalid('event', 'must be a JSON object', 'Send one event like {"message": "…"}.');
      }
      event = parsed as Record<string, unknown>;
      continue;
    }
    if (part.fieldname !== 'snapshot' && part.fieldname !== 'clip') {
      await part.toBuffer().catch(() => undefined);
      throw invalid(part.fieldname, 'is not a known file field', 'Attach a "snapshot" (JPEG/PNG) or a "clip" (MP4).');
    }
    const kind: MediaKind = part.fieldname;
    let data: Buffer;
    try {
      data = await part.toBuffer();
    } catch (err) {
      if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
        throw new OutpostError(
          'payload_too_large',
          `The ${kind} is larger than ${ingest.maxMediaBytes} bytes. Send a smaller file, or raise pipeline.media.maxBytes.`,
        );
      }
      throw err;
    }
    const type = sniffMediaType(data.subarray(0, 16));
    if (!type || !ACCEPTED[kind].includes(type)) {
      throw new OutpostError(
        'unsupported_media_type',
        `The ${kind} is ${type ?? 'not a recognised file'}; a ${kind} must be ${ACCEPTED[kind].join(' or ')}.`,
        { issues: [{ path: kind, message: `must be ${ACCEPTED[kind].join(' or ')}` }] },
      );
    }
    media.push(await ingest.storeMedia(source, data, type, kind));
  }
  if (!event) throw invalid('event', 'is required', 'Send the event as a JSON field named "event".');
  return { ...event, media };
}
