import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { ASSET_KINDS, AssetKindSchema, OutpostError, type AssetKind } from '../../contract/index.js';

/** The largest file of each kind (config `sitemap.maxBasemapBytes`, `sitemap.maxOverlaySvgBytes`). */
export type AssetLimits = Record<AssetKind, number>;

export interface AssetUpload {
  kind: AssetKind;
  fileName: string;
  data: Buffer;
}

const LIMIT_SETTING: Record<AssetKind, string> = {
  basemap: 'sitemap.maxBasemapBytes',
  overlay: 'sitemap.maxOverlaySvgBytes',
};

const KINDS_TEXT = ASSET_KINDS.map((k) => `"${k}"`).join(' or ');

const invalid = (path: string, message: string, hint: string) =>
  new OutpostError('invalid_input', `${path}: ${message}. ${hint}`, { issues: [{ path, message }] });

const mib = (bytes: number) => `${Math.round((bytes / 1_048_576) * 10) / 10} MiB`;

function tooLarge(kind: AssetKind | undefined, limits: AssetLimits): OutpostError {
  if (kind) {
    return new OutpostError(
      'payload_too_large',
      `The ${kind} file is larger than ${limits[kind]} bytes (${mib(limits[kind])}). Send a smaller file, or raise ${LIMIT_SETTING[kind]}.`,
      { issues: [{ path: 'file', message: `must be at most ${limits[kind]} bytes` }] },
    );
  }
  const most = Math.max(limits.basemap, limits.overlay);
  return new OutpostError(
    'payload_too_large',
    `The file is larger than ${most} bytes (${mib(most)}), more than any site-map file may be (a base map at most ${limits.basemap} bytes, an overlay at most ${limits.overlay}). Send a smaller file.`,
    { issues: [{ path: 'file', message: `must be at most ${most} bytes` }] },
  );
}

/** The multipart reader's own limits: one file, a few small fields. */
export function assetMultipartLimits(limits: AssetLimits) {
  // The file limit is the larger kind's, since `kind` may come after the file; the smaller kind's
  // limit is checked as the bytes arrive once the kind is known, and again when it comes last.
  return { fileSize: Math.max(limits.basemap, limits.overlay), files: 1, fields: 4, fieldSize: 1024, parts: 5 };
}

/**
 * Reads the fields `kind` (basemap | overlay, before or after the file) and `file` of
 * `POST /api/sites/{siteId}/assets`, holding the file in memory (at most its kind's limit: the
 * Core's upload takes the whole file, and sanitising an SVG parses all of it anyway). Errors name
 * the field and say what to send instead.
 */
export async function readAssetUpload(request: FastifyRequest, limits: AssetLimits): Promise<AssetUpload> {
  try {
    return await readParts(request, limits);
  } catch (err) {
    // Let the client finish sending so it reads this answer instead of a reset connection.
    request.raw.resume();
    if (err instanceof OutpostError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT') {
      throw invalid('', 'has too many parts', `Send one field "kind" (${KINDS_TEXT}) and one file "file".`);
    }
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(undefined, limits);
    // busboy's "Unexpected end of form", a bad boundary, a cut connection: the body is not a whole form.
    throw new OutpostError(
      'invalid_input',
      `The multipart body is incomplete or malformed (${err instanceof Error ? err.message : String(err)}). Resend the whole form.`,
      { issues: [{ path: '', message: 'is not a complete multipart/form-data body' }] },
    );
  }
}

async function readParts(request: FastifyRequest, limits: AssetLimits): Promise<AssetUpload> {
  let kind: AssetKind | undefined;
  let file: { fileName: string; data: Buffer } | undefined;
  for await (const part of request.parts()) {
    if (part.type === 'field') {
      if (part.fieldname !== 'kind') {
        throw invalid(part.fieldname, 'is not a known field', `Send only "kind" (${KINDS_TEXT}) and "file".`);
      }
      const parsed = AssetKindSchema.safeParse(part.value);
      if (!parsed.success) {
        throw invalid('kind', `must be ${KINDS_TEXT}`, 'Say whether the file is the base map or the overlay layer.');
      }
      kind = parsed.data;
      continue;
    }
    if (part.fieldname !== 'file') {
      throw invalid(part.fieldname, 'is not a known file field', 'Attach the file as a field named "file".');
    }
    file = { fileName: fileNameOf(part.filename, kind), data: await readFile(part, kind, limits) };
  }
  if (!kind) throw invalid('kind', 'is required', `Send a field "kind" with ${KINDS_TEXT}.`);
  if (!file) throw invalid('file', 'is required', 'Attach the base map or overlay SVG as a file field named "file".');
  if (file.data.length > limits[kind]) throw tooLarge(kind, limits);
  return { kind, ...file };
}

async function readFile(part: MultipartFile, kind: AssetKind | undefined, limits: AssetLimits): Promise<Buffer> {
  const limit = kind ? limits[kind] : Math.max(limits.basemap, limits.overlay);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of part.file as AsyncIterable<Buffer>) {
    size += chunk.length;
    // Stop reading at once: the rest of a file too large for its kind is never held.
    if (size > limit) throw tooLarge(kind, limits);
    chunks.push(chunk);
  }
  if (part.file.truncated) throw tooLarge(kind, limits);
  return Buffer.concat(chunks, size);
}

/** The name the user knows the file by: without a client's folder path, within the contract's 255 characters. */
function fileNameOf(sent: string | undefined, kind: AssetKind | undefined): string {
  const base = (sent ?? '').split(/[\\/]/).pop()?.trim() ?? '';
  return (base || `${kind ?? 'site-map'}-upload`).slice(0, 255);
}
