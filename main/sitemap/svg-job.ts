import { createHash } from 'node:crypto';
import { OutpostError, type AssetKind, type ErrorCode, type FieldIssue } from '../contract/index.js';
import { extractOverlays, type ExtractedOverlay } from './svg-overlays.js';
import { sanitizeSvg } from './svg-sanitize.js';
import { acceptedMapFileType, checkMapFileSize, emptyMapFile } from './uploads/map-file-rules.js';
import type { MapFileType } from './uploads/sitemap-upload-type.js';

/**
 * One uploaded site-map file to check, sent to the map-file worker: its bytes (owning their whole
 * ArrayBuffer, which is transferred, not copied) or its base64 text (the rpc and IPC path), which is
 * decoded here, strictly.
 */
export interface MapFileJob {
  bytes?: Uint8Array;
  base64?: string;
  kind: AssetKind;
  fileName: string;
  maxBytes: number;
}

export interface MapFileJobDone {
  ok: true;
  contentType: MapFileType;
  /** What to store: the file as sent (PNG, JPEG) or the sanitised drawing as UTF-8; owns its ArrayBuffer. */
  bytes: Uint8Array;
  /** SHA-256 of `bytes`, hex: the blob's name. */
  sha256: string;
  /** What sanitising took out (SVG only). */
  removed: string[];
  /** Overlay layers: the shapes with ids of the sanitised drawing. */
  overlays?: ExtractedOverlay[];
  warnings?: string[];
}

export interface MapFileJobFailed {
  ok: false;
  error: {
    code: ErrorCode;
    message: string;
    issues?: FieldIssue[];
    /**
     * For the server log, on `internal` only: the error's name and stack frames. Never its message, which
     * may quote the file (a parser's complaint about a line, say), and never the file.
     */
    detail?: string;
  };
}

export type MapFileJobResult = MapFileJobDone | MapFileJobFailed;

export const SVG_CHECK_FAILED =
  'Something went wrong inside Outpost while checking the SVG. The details are in the server log.';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/u;

function decodeBase64(text: string): Buffer {
  if (text.length % 4 === 1 || !BASE64.test(text)) {
    const message = 'must be base64 (A–Z, a–z, 0–9, + and /, with = padding at most)';
    throw new OutpostError('invalid_input', `contentBase64: ${message}. Encode the file's bytes as base64.`, {
      issues: [{ path: 'contentBase64', message }],
    });
  }
  return Buffer.from(text, 'base64');
}

/** A buffer that owns its whole ArrayBuffer, so it can be transferred; copied only when it does not. */
function owning(bytes: Buffer): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? new Uint8Array(bytes.buffer, 0, bytes.byteLength)
    : new Uint8Array(bytes);
}

/**
 * Checks one upload the way the Core used to on its own thread, so every refusal (payload_too_large,
 * invalid_input, unsupported_media_type…) is what the user got before: decoding, size, type from the
 * bytes, sanitising an SVG and listing an overlay layer's shapes, and the SHA-256 of what will be
 * stored. Anything else thrown becomes `internal` with a generic message.
 */
export function runMapFileJob(job: MapFileJob): MapFileJobResult {
  try {
    const input =
      job.bytes !== undefined
        ? Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength)
        : decodeBase64(job.base64 ?? '');
    checkMapFileSize(job.kind, input.length, job.maxBytes);
    if (input.length === 0) throw emptyMapFile(job.fileName);
    const contentType = acceptedMapFileType(job.kind, job.fileName, input);
    if (contentType !== 'image/svg+xml') {
      return { ok: true, contentType, bytes: owning(input), sha256: sha256Of(input), removed: [] };
    }
    const clean = sanitizeSvg(input, { maxBytes: job.maxBytes });
    const stored = Buffer.from(clean.svg, 'utf8');
    const done: MapFileJobDone = {
      ok: true,
      contentType,
      bytes: owning(stored),
      sha256: sha256Of(stored),
      removed: clean.removed,
    };
    if (job.kind === 'overlay') {
      const extracted = extractOverlays(clean.svg);
      done.overlays = extracted.overlays;
      done.warnings = extracted.warnings;
    }
    return done;
  } catch (err) {
    if (err instanceof OutpostError) {
      const error: MapFileJobFailed['error'] = { code: err.code, message: err.message };
      if (err.issues) error.issues = err.issues;
      return { ok: false, error };
    }
    return { ok: false, error: { code: 'internal', message: SVG_CHECK_FAILED, detail: detailOf(err) } };
  }
}

function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function detailOf(err: unknown): string {
  if (!(err instanceof Error)) return `a thrown ${typeof err}`;
  const frames = (err.stack ?? '').split('\n').filter((line) => /^\s+at /u.test(line));
  return [err.name, ...frames].join('\n');
}
